"""Puts ``resources/`` (fonts, icons, the demo's seed lists) into the wheel as
``pairdesk/resources``, where :func:`pairdesk.paths.resources_dir` finds them once
installed. The rest of the build is configured in ``pyproject.toml``; an editable install
and a checkout read ``resources/`` where it is."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            shutil.copytree(
                Path(__file__).parent / "resources",
                Path(self.build_lib) / "pairdesk" / "resources",
                dirs_exist_ok=True,
            )


setup(cmdclass={"build_py": BuildPyWithResources})
