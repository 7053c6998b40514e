; NSIS additions (electron-builder includes this file).
; Pre-configuring the server for a county-wide rollout:
;   qingfeng-office-<version>-setup-x64.exe /S /allusers /SERVER=https://oa.example.gov.cn/qingfeng/ [/LOCK]
; writes %ProgramData%\qingfeng-office\config.json, which every user of the machine reads
; (main/config-files.ts). /LOCK stops users from changing the address. An existing file is kept
; unless /SERVER is given again. The value is checked by the client at start, not here.
!include "FileFunc.nsh"

!macro customInstall
  ; qingfeng:// deep links (main/deep-link.ts): HKLM for an all-users install, HKCU otherwise.
  WriteRegStr SHELL_CONTEXT "Software\Classes\qingfeng" "" "URL:清风协同办公"
  WriteRegStr SHELL_CONTEXT "Software\Classes\qingfeng" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\qingfeng\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\qingfeng\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'

  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SERVER=" $R1
  ${IfNot} ${Errors}
  ${AndIf} $R1 != ""
    StrCpy $R2 "false"
    ClearErrors
    ${GetOptions} $R0 "/LOCK" $R3
    ${IfNot} ${Errors}
      StrCpy $R2 "true"
    ${EndIf}
    ReadEnvStr $R4 "ProgramData"
    CreateDirectory "$R4\qingfeng-office"
    FileOpen $R5 "$R4\qingfeng-office\config.json" w
    FileWrite $R5 '{"serverUrl": "$R1", "lockServerUrl": $R2}$\r$\n'
    FileClose $R5
    DetailPrint "Server address written to $R4\qingfeng-office\config.json"
  ${EndIf}
!macroend

!macro customUnInstall
  DeleteRegKey SHELL_CONTEXT "Software\Classes\qingfeng"
!macroend
