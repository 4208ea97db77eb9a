# tests.mk: make check.  Unit tests (Check) are tests/unit/test_*.c, one
# program each; CLI and corpus tests are tests/cli/*.sh, run by
# tests/run-cli.sh against the tools in $(BIN).
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TEST_LIBS = $(call PC,--libs,check) $(call PC,--libs,libzip) $(call PC,--libs,expat) \
            $(call PC,--libs,libcrypto) -lz

$(B)/tests/%: tests/unit/%.c tests/unit/check_main.h $(LIBA)
	@mkdir -p $(@D)
	$(call say,CC)$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(call PC,--cflags,check) \
	    -o $@ $< $(LIBA) $(TEST_LIBS)

# The build variables, so that a test can run make install on this build.
MAKEVARS = B=$(B) BIN=$(BIN) LIBEXEC=$(LIBEXEC)

check: all $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)
	@SEEMAIL_BIN=$(CURDIR)/$(BIN) SEEMAIL_MAKEVARS="$(MAKEVARS)" sh tests/run-cli.sh

check-unit: all $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)
check-cli: all
	@SEEMAIL_BIN=$(CURDIR)/$(BIN) SEEMAIL_MAKEVARS="$(MAKEVARS)" sh tests/run-cli.sh $(T)

.PHONY: check check-unit check-cli
