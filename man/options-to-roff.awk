# docs/options.md's tables of LOCKCHECK_OPTIONS keys -> roff for liblockcheck(3), so the
# man page says what the docs say.  POSIX awk (Debian has mawk by default).  Rows: | `key` | default | meaning |; a "## " heading
# before a table becomes a subsection.
function plain(s) {
	gsub(/`/, "", s)
	while (match(s, /\]\([^)]*\)/)) s = substr(s, 1, RSTART) substr(s, RSTART + RLENGTH)
	gsub(/\[/, "", s); gsub(/\]/, "", s)
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s)
	if (s ~ /^[.']/) s = "\\&" s
	return s
}
/^## / { heading = substr($0, 4); next }
/^\| `[a-z_]+` \|/ {
	if (heading != "") { print ".SS " plain(heading); heading = "" }
	n = split($0, cell, "|")
	key = plain(cell[2]); def = plain(cell[3]); what = plain(cell[4])
	print ".TP"
	print ".BR " key " \" (default: " def ")\""
	print (what == "" ? "The same, for its report kind." : what)
}
