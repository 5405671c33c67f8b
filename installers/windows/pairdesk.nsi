; Windows installer for pairdesk (NSIS 3, Unicode).
;
; Build the one-folder application first (installers/README.md), then, from this folder:
;   makensis pairdesk.nsi
; or with explicit paths / version:
;   makensis /DDIST=C:/src/pairdesk/dist/pairdesk /DVERSION=0.1.0 /DOUTFILE=pairdesk-installer.exe pairdesk.nsi
;
; Installs dist/pairdesk/ into Program Files\pairdesk, adds Start-menu and desktop
; shortcuts to pairdesk-gui.exe and an entry in "Apps & features". The uninstaller
; removes the program files only: the vaults, backups, settings and logs kept in the
; user's AppData\Local\pairdesk folder (and any vault or backup stored elsewhere) stay
; where they are, and the uninstaller says so.

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef DIST
  !define DIST "../../dist/pairdesk"
!endif
!ifndef ICON
  !define ICON "../../resources/icons/pairdesk.ico"
!endif
!ifndef OUTFILE
  !define OUTFILE "../../dist/pairdesk-${VERSION}-installer.exe"
!endif

!define APP "pairdesk"
!define PUBLISHER "pairdesk developers"
!define GUI_EXE "pairdesk-gui.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP}"
InstallDirRegKey HKLM "Software\${APP}" "InstallDir"
RequestExecutionLevel admin
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APP}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "GPL-3.0-or-later"

!include "MUI2.nsh"
!include "x64.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "Software\${APP}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunApp)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "$(LicenceFile)"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_UNPAGE_FINISH

; French first: the default for the associations pairdesk is written for.
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LicenseLangString LicenceFile ${LANG_FRENCH} "licence.txt"
LicenseLangString LicenceFile ${LANG_ENGLISH} "licence.txt"

LangString RunApp ${LANG_FRENCH} "Ouvrir pairdesk maintenant"
LangString RunApp ${LANG_ENGLISH} "Open pairdesk now"
LangString ShortcutComment ${LANG_FRENCH} "Le dossier chiffré de l'association"
LangString ShortcutComment ${LANG_ENGLISH} "The association's encrypted record"
LangString UninstallName ${LANG_FRENCH} "Désinstaller pairdesk"
LangString UninstallName ${LANG_ENGLISH} "Uninstall pairdesk"
LangString DataKept ${LANG_FRENCH} "pairdesk a été retiré de cet ordinateur.$\r$\n$\r$\nVos données n'ont PAS été effacées : les coffres, les sauvegardes, les réglages et les journaux restent dans le dossier$\r$\n$LOCALAPPDATA\pairdesk$\r$\n(et là où vous avez choisi de les garder, par exemple une clé USB).$\r$\nSi vous réinstallez pairdesk, il les retrouvera. Pour les supprimer, effacez ce dossier vous-même."
LangString DataKept ${LANG_ENGLISH} "pairdesk has been removed from this computer.$\r$\n$\r$\nYour data has NOT been deleted: the vaults, backups, settings and logs stay in the folder$\r$\n$LOCALAPPDATA\pairdesk$\r$\n(and wherever you chose to keep them, for example a USB stick).$\r$\nIf you install pairdesk again, it will find them. To remove them, delete that folder yourself."

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
  ${IfNot} ${RunningX64}
    ; PyInstaller builds made on 64-bit Windows need a 64-bit Windows.
    MessageBox MB_ICONSTOP "pairdesk needs a 64-bit Windows / pairdesk demande un Windows 64 bits."
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
  SetRegView 64
FunctionEnd

Section "pairdesk" SecMain
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File /r "${DIST}/*.*"
  File "/oname=pairdesk.ico" "${ICON}"

  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\pairdesk.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\pairdesk.ico" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"
  CreateShortcut "$SMPROGRAMS\${APP}\$(UninstallName).lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\pairdesk.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\pairdesk.ico" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"

  WriteRegStr HKLM "Software\${APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\pairdesk.ico"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  ; Only what the installer put there: never the user's AppData\Local\pairdesk.
  Delete "$DESKTOP\pairdesk.lnk"
  Delete "$SMPROGRAMS\${APP}\pairdesk.lnk"
  Delete "$SMPROGRAMS\${APP}\$(UninstallName).lnk"
  RMDir "$SMPROGRAMS\${APP}"

  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\pairdesk.exe"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\pairdesk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey HKLM "${UNINST_KEY}"
  DeleteRegKey HKLM "Software\${APP}"

  SetShellVarContext current
  MessageBox MB_ICONINFORMATION|MB_OK "$(DataKept)" /SD IDOK
SectionEnd
