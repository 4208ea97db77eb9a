# extra.mk: demo, bench and fuzz.
demo: all
	@sh share/seemail/examples/demo.sh $(BIN)

.PHONY: demo
