# Makes swift-argument-parser's generate-manual pages read well in man-db (whatis, apropos) and
# groff without warnings, for script/package and script/install, which also rename each file the
# same way (vb365-report.config.check.1 -> vb365-report-config-check.1):
# - a subcommand's page is named like git's, "vb365-report-summary" (`man vb365-report-summary`):
#   its NAME is that one word, so whatis and lintian can parse it, and the SEE ALSO references
#   and the title follow; its SYNOPSIS still says "vb365-report summary";
# - the one-line description without the quotes generate-manual puts around it;
# - a blank line (a warning in groff) becomes a paragraph break.
# Usage: awk -f packaging/manual.awk PAGE.1 >FIXED.1
/^\.Sh NAME$/ { in_name = 1; print; next }
in_name && /^\.Nm / {
  full = substr($0, 5); gsub(/"/, "", full)
  name = full; gsub(/ /, "-", name)
  print ".Nm " name; next
}
in_name && /^\.Nd / { line = substr($0, 5); gsub(/^"|"$/, "", line); print ".Nd " line; in_name = 0; next }
/^\.Nm$/ && full != name { print ".Nm \"" full "\""; next }
/^\.Dt / { gsub(/\./, "-", $2); print; next }
/^\.Xr / { gsub(/\./, "-", $2); print; next }
/^$/ { print ".Pp"; next }
{ print }
