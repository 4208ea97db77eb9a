# fuzz.mk: make fuzz (libFuzzer targets under fuzz/), and the short runs
# over the committed seed corpus that CI does.
