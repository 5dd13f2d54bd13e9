; Caseworker: a per-user installer (no administrator rights), made by packaging/build.py:
;   makensis /DVERSION=0.1.0 /DVERSION4=0.1.0.0 /DBUNDLE=packaging\dist\Caseworker
;            /DOUTFILE=packaging\dist\Caseworker-0.1.0-setup.exe /DICON=...\app.ico /DEXE=Caseworker.exe
;            packaging\installer.nsi
;
; Installs into %LOCALAPPDATA%\Programs\Caseworker (the per-user program folder Windows itself uses),
; with a Start-menu entry and an entry in "Installerade appar" (HKCU) to uninstall. Installing a newer
; version over an older one replaces the program files in place. The user's data is never here: it
; lives in %LOCALAPPDATA%\Caseworker and %APPDATA%\Caseworker, which neither an upgrade nor the
; uninstaller touches.
;
; For IT (see README, "Installation för kommunens IT"):
;   Caseworker-0.1.0-setup.exe /S                       silent install for the signed-in user
;   Caseworker-0.1.0-setup.exe /S /D=C:\Path\Caseworker  another folder (/D last, no quotes)
;   "%LOCALAPPDATA%\Programs\Caseworker\Uninstall.exe" /S  silent uninstall
; Exit code 0: done; 1: cancelled or failed; 2: Caseworker was running and could not be replaced.

!ifndef VERSION | VERSION4 | BUNDLE | OUTFILE | ICON | EXE
  !error "run through packaging/build.py (it defines VERSION, VERSION4, BUNDLE, OUTFILE, ICON, EXE)"
!endif

Unicode true
ManifestDPIAware true
!ifdef CHECK_ONLY
  SetCompress off ; packaging/build.py off Windows: only checks that the script compiles around a bundle
!else
  SetCompressor /SOLID lzma
!endif
RequestExecutionLevel user ; per user: never asks for administrator rights

!define APP "Caseworker"
!define PUBLISHER "Caseworker"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define SETTINGS_KEY "Software\${APP}\Installer"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallLocation" ; an upgrade goes where the last install went
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=1053 "ProductName" "${APP}"
VIAddVersionKey /LANG=1053 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1053 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1053 "FileDescription" "Installationsprogram för ${APP}"
VIAddVersionKey /LANG=1053 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1053 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Starta ${APP}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Swedish"
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  SetShellVarContext current ; Start menu and shortcuts of this user only
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "${APP}" SecApp
  SectionIn RO
  ; An upgrade: the old program files go first (a file a new version no longer has must not stay
  ; behind). If Caseworker is running its .exe cannot be removed: ask to close it (silent: exit 2).
  IfFileExists "$INSTDIR\${EXE}" 0 copy
  retry:
    ClearErrors
    Delete "$INSTDIR\${EXE}"
    IfErrors 0 old_removed
    IfSilent 0 ask
      SetErrorLevel 2
      Quit
    ask:
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
      "${APP} körs. Avsluta ${APP} (Arkiv → Avsluta) och välj Försök igen." /SD IDCANCEL IDRETRY retry
    SetErrorLevel 2
    Quit
  old_removed:
    RMDir /r "$INSTDIR\_internal"
    Delete "$INSTDIR\Uninstall.exe"

  copy:
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 SW_SHOWNORMAL "" \
    "Handläggning av bygglovsärenden"

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${SETTINGS_KEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; The program only: the user's cases, outbox and settings (%LOCALAPPDATA%\Caseworker,
  ; %APPDATA%\Caseworker) stay, so unsent work survives an uninstall and a reinstall. To remove them
  ; too, sign out with "Logga ut och radera lokal data" first, or delete those folders.
  ClearErrors
  Delete "$INSTDIR\${EXE}"
  IfErrors 0 +4
    MessageBox MB_OK|MB_ICONEXCLAMATION "${APP} körs. Avsluta ${APP} och avinstallera igen." /SD IDOK
    SetErrorLevel 2
    Quit
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP}\Installer"
SectionEnd
