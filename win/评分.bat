@echo off
rem 评分：把一个或几个自评表（.xlsx .xls .csv .json .docx）拖到本图标上。
rem 每个表旁边写出“表名.评分.xlsx”（评好分的附件1和发现的问题），并打开它。
rem 本文件在仓库里是 UTF-8；make windows 把它存成 GBK（CRLF 行尾）放进 zip，
rem 中文版 Windows 的命令提示符才能正确显示。
setlocal
set "PE=%~dp0perfeval.exe"
if "%~1"=="" (
    echo 请把自评表文件拖到“评分.bat”的图标上，不要双击它。
    echo 可以一次拖几个文件。
    pause
    exit /b 2
)
set /a done=0, failed=0
:next
if "%~1"=="" goto end
echo.
echo 正在评分：%~nx1
"%PE%" score -f xlsx -o "%~dpn1.评分.xlsx" "%~1"
if errorlevel 2 (
    echo 没有评分：%~nx1 （原因见上面一行）
    set /a failed+=1
) else (
    echo 已写出：%~dpn1.评分.xlsx
    start "" "%~dpn1.评分.xlsx"
    set /a done+=1
)
shift
goto next
:end
echo.
echo 评分完成 %done% 个，没有评分 %failed% 个。
pause
