# Makes swift-argument-parser's generate-manual pages read well in man-db (whatis, apropos) and
# groff without warnings, for script/package and script/install:
# - a subcommand's NAME is one word, "vb365-report.summary" like its file (git-commit style), so
#   whatis and lintian can parse it; its SYNOPSIS still says "vb365-report summary";
# - the one-line description without the quotes generate-manual puts around it;
# - a blank line (a warning in groff) becomes a paragraph break.
# Usage: awk -f packaging/manual.awk PAGE.1 >FIXED.1
/^\.Sh NAME$/ { in_name = 1; print; next }
in_name && /^\.Nm / {
  full = substr($0, 5); gsub(/"/, "", full)
  name = full; gsub(/ /, ".", name)
  print ".Nm " name; next
}
in_name && /^\.Nd / { line = substr($0, 5); gsub(/^"|"$/, "", line); print ".Nd " line; in_name = 0; next }
/^\.Nm$/ && full != name { print ".Nm \"" full "\""; next }
/^$/ { print ".Pp"; next }
{ print }
