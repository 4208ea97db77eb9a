# seemail: a SEEMail gateway as Unix filters.  GNU make.
#
#   make            build bin/ and libexec/
#   make check      build, then run every test (unit, CLI, corpus, MTA)
#   make demo       build, then show the tools on share/seemail/examples
#   make asan       build everything with ASan+UBSan into build/asan
#   make bench      speed and memory against the usual tools
#   make deps       install the Debian packages (as root), or print how
#   make install    PREFIX, DESTDIR, sysconfdir as usual

VERSION    := 0.9.0
PREFIX     ?= /usr/local
bindir     ?= $(PREFIX)/bin
libexecdir ?= $(PREFIX)/libexec
datadir    ?= $(PREFIX)/share
mandir     ?= $(datadir)/man
sysconfdir ?= /etc

B          ?= build
BIN        ?= bin
LIBEXEC    ?= libexec/seemail
CFLAGS     ?= -O2 -g
CXXFLAGS   ?= -O2 -g
# Our warnings come last so that they cannot be turned off from outside.
WARN       := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wformat=2 -Wvla -Wno-unused-parameter -Werror
ALL_CFLAGS  = -std=c17 $(CFLAGS) $(SAN) $(WARN)
ALL_CXXFLAGS= -std=c++17 $(CXXFLAGS) $(SAN) -Wall -Wextra -Werror
ALL_CPPFLAGS= -D_GNU_SOURCE -Isrc/lib -MMD -MP $(CPPFLAGS) \
              -DSEEMAIL_VERSION='"$(VERSION)"' \
              -DSEEMAIL_SYSCONFDIR='"$(sysconfdir)"' \
              -DSEEMAIL_LIBEXECDIR='"$(libexecdir)/seemail"'
PC          = $(shell pkg-config $(1) $(2) 2>/dev/null)
# Quiet unless V=1.
Q           = $(if $(V),,@)
say         = $(if $(V),,@echo "  $(1)	$@";)

TOOLS   := seem-classify seem-policy seem-sign seem-verify seem-notify
HELPERS := seem-extract seem-extract-pdf
LIB_SRC := $(wildcard src/lib/*.c)
LIB_OBJ := $(LIB_SRC:src/%.c=$(B)/%.o) $(B)/embedded.o
EMBED   := $(sort $(wildcard share/seemail/directory share/seemail/seemail.conf \
                 share/seemail/triggers share/seemail/templates/*))
LIBA    := $(B)/libseemail.a

all: $(B)/.deps $(TOOLS:%=$(BIN)/%) $(HELPERS:%=$(LIBEXEC)/%)

# The dependency step: installs what is missing (as root on Debian) or says
# exactly what to run.  NODEPS=1 skips it on other systems.
deps: ; sh mk/deps.sh
$(B)/.deps: mk/deps.sh
	@mkdir -p $(@D)
	@if [ -z "$(NODEPS)" ]; then sh mk/deps.sh; fi
	@touch $@

# Link each tool with only what it needs: seem-classify links nothing but
# libc, so that small mail is not slowed by loading libcrypto or poppler.
LIBS_seem-classify =
LIBS_seem-policy   = $(call PC,--libs,libcrypto)
LIBS_seem-sign     = $(call PC,--libs,libcrypto)
LIBS_seem-verify   = $(call PC,--libs,libcrypto)
LIBS_seem-notify   =
LIBS_seem-extract  = $(call PC,--libs,libzip) $(call PC,--libs,expat) -lz

$(BIN)/%: $(B)/%.o $(LIBA)
	@mkdir -p $(@D)
	$(call say,LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS_$*)
$(LIBEXEC)/seem-extract: $(B)/libexec/seem-extract.o $(LIBA)
	@mkdir -p $(@D)
	$(call say,LINK)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS_seem-extract)
$(LIBEXEC)/seem-extract-pdf: $(B)/libexec/seem-extract-pdf.o $(B)/libexec/pdf_shim.o $(LIBA)
	@mkdir -p $(@D)
	$(call say,LINK)$(CXX) $(ALL_CXXFLAGS) $(LDFLAGS) -o $@ $^ $(call PC,--libs,poppler-cpp) -lz
$(LIBA): $(LIB_OBJ)
	$(call say,AR)$(AR) rcs $@ $^

$(B)/%.o: src/%.c | $(B)/.deps
	@mkdir -p $(@D)
	$(call say,CC)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call PC,--cflags,libzip expat) -c -o $@ $<
$(B)/libexec/pdf_shim.o: src/libexec/pdf_shim.cc | $(B)/.deps
	@mkdir -p $(@D)
	$(call say,CXX)$(CXX) $(ALL_CPPFLAGS) $(ALL_CXXFLAGS) $(call PC,--cflags,poppler-cpp) -c -o $@ $<
# The built-in defaults: files of share/seemail compiled into the library.
$(B)/embedded.o: mk/embed.sh $(EMBED)
	@mkdir -p $(@D)
	$(Q)sh mk/embed.sh $(EMBED) >$(B)/embedded.s
	$(call say,AS)$(CC) -c -o $@ $(B)/embedded.s

ASAN_VARS = B=build/asan BIN=build/asan/bin LIBEXEC=build/asan/libexec/seemail CFLAGS='-O1 -g' \
    SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all'
asan:
	$(MAKE) $(ASAN_VARS)
check-asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=70 UBSAN_OPTIONS=print_stacktrace=1 \
	    $(MAKE) $(ASAN_VARS) check

include mk/tests.mk mk/install.mk mk/extra.mk mk/fuzz.mk mk/e2e.mk mk/hardening.mk
-include $(LIB_OBJ:.o=.d) $(B)/*.d $(B)/libexec/*.d

clean:
	rm -rf build bin libexec
.PHONY: all asan check-asan clean deps

# Keep objects of the tools between builds.
.SECONDARY:
