"""PyInstaller hook for Babel, replacing the stock one: only the CLDR data of the
languages pairdesk speaks (French, English, and their parents), about 30 MB less."""

from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files

LANGUAGES = ("fr", "en")


def _wanted(source: str) -> bool:
    path = Path(source)
    if "locale-data" not in path.parts:
        return True  # global.dat and the rest of the package data
    language = path.name.split(".")[0].split("_")[0]
    return language == "root" or language in LANGUAGES


datas = [(source, folder) for source, folder in collect_data_files("babel") if _wanted(source)]

hiddenimports = ["babel.dates", "babel.localedata", "babel.plural", "babel.numbers"]
