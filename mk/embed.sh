#!/bin/sh
# embed.sh FILE...: writes, on stdout, an assembler file that compiles the
# given files into the program with a table "embedded_files" of
# { name, data, size } (name without its share/seemail/ prefix), ended by
# a zeroed row.  Every file is followed by a NUL byte, not counted in size.
set -eu
echo '	.section .rodata'
i=0
for f in "$@"; do
	name=${f#share/seemail/}
	printf '.Lname%d:\n\t.asciz "%s"\n\t.balign 16\n.Ldata%d:\n\t.incbin "%s"\n.Lend%d:\n\t.byte 0\n' \
		"$i" "$name" "$i" "$f" "$i"
	i=$((i + 1))
done
echo '	.section .data.rel.ro'
echo '	.balign 16'
echo '	.global embedded_files'
echo 'embedded_files:'
i=0
for f in "$@"; do
	printf '\t.dc.a .Lname%d, .Ldata%d, .Lend%d - .Ldata%d\n' "$i" "$i" "$i" "$i"
	i=$((i + 1))
done
echo '	.dc.a 0, 0, 0'
echo '	.section .note.GNU-stack,"",@progbits'
