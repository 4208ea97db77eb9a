# extra.mk: demo, bench and fuzz.
demo: all
	@sh share/seemail/examples/demo.sh $(BIN)

.PHONY: demo

# make bench: speed and memory against the tools an administrator would
# otherwise use, as ratios in one run (never part of make check).
$(B)/bench/runone: bench/runone.c
	@mkdir -p $(@D)
	$(call say,CC)$(CC) -O2 -o $@ $<
bench: all $(B)/bench/runone
	@sh bench/run.sh $(BIN) $(B)/bench/runone

.PHONY: bench
