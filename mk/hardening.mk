# hardening.mk: make check-valgrind, memcheck over a representative
# subset (issue 8 item 2; tests/valgrind/run.sh says what and why).
#
#   make check-valgrind   every tool on messages carrying each attachment
#                         format, in every mode, each extractor child on
#                         each format, and the unit tests, under
#                         valgrind --leak-check=full; any error or any
#                         definitely lost block fails (exit status 70)
#
# It runs on the build of $(B) (make check's): valgrind needs no build of
# its own, unlike the sanitizers (make check-asan).
check-valgrind: all $(UNIT_BIN)
	@sh tests/valgrind/run.sh $(BIN) $(LIBEXEC) $(UNIT_BIN)

.PHONY: check-valgrind
