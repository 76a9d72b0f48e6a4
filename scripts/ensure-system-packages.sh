#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing (idempotent):
# chromium (browser tests, PDF), postgresql (server tests), LibreOffice (opens generated files),
# poppler-utils (PDF pages to PNG), fonts-noto-cjk (Japanese glyphs in PDFs and LibreOffice) and
# slapd + ldap-utils (the LDAP sign-in tests start their own slapd on loopback; ldapsearch is for
# looking into it by hand). The system slapd instance the package may start is not used.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-impress libreoffice-calc libreoffice-writer)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapsearch >/dev/null 2>&1 || need+=(ldap-utils)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages for the tests: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${need[@]}" >/dev/null
