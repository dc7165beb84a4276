@echo off
rem 复核：把一个放着自评表的文件夹拖到本图标上。
rem 文件夹旁边写出“文件夹名.复核汇总.xlsx”（每张表一行：总分、等级、发现的问题），并打开它。
rem 本文件在仓库里是 UTF-8；make windows 把它存成 GBK（CRLF 行尾）放进 zip，
rem 中文版 Windows 的命令提示符才能正确显示。
setlocal
set "PE=%~dp0perfeval.exe"
if "%~1"=="" (
    echo 请把放着自评表的文件夹拖到“复核.bat”的图标上，不要双击它。
    pause
    exit /b 2
)
if not exist "%~1\*" (
    echo “%~nx1”不是文件夹：复核.bat 复核一整个文件夹。
    echo 一张表请拖到“评分.bat”上。
    pause
    exit /b 2
)
echo 正在复核文件夹：%~f1
"%PE%" check --summary -f xlsx -o "%~f1.复核汇总.xlsx" "%~f1"
if errorlevel 2 (
    echo 没有写出汇总（原因见上面）。
) else (
    echo 已写出：%~f1.复核汇总.xlsx
    start "" "%~f1.复核汇总.xlsx"
)
echo.
pause
