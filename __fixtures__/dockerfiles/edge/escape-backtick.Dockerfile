# escape=`
ARG WIN=mcr.microsoft.com/windows/servercore
FROM `
  ${WIN}:ltsc2022 `
  AS base
RUN echo C:\path\ends\with\backslash\
FROM "mcr.microsoft.com/windows/nanoserver:`"1809`""
FROM base
