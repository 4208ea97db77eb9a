# fuzz.mk: make fuzz (libFuzzer targets under fuzz/), and the short runs
# over the committed seed corpus that CI does.
#
#   make fuzz         build every fuzz/fuzz_*.c into $(B)/fuzz/ with clang
#   make fuzz-smoke   each target over its seeds, then FUZZ_SMOKE_TIME
#                     seconds of fuzzing from the fixed FUZZ_SMOKE_SEED, so
#                     that a failure in CI is one anyone can run again
#                     (new bugs are for fuzz-long); fails on any crash,
#                     hang, leak or broken invariant
#   make fuzz-long    FUZZ_TIME seconds each (FUZZ_TARGETS=... to choose),
#                     from a random seed; the corpus grows in
#                     $(B)/fuzz/work/ (fuzz/README.md)
#
# The library is compiled again here, with clang and the fuzzer's
# coverage and the sanitizers, into objects of its own: never the gcc ones.
FUZZ_B       = $(B)/fuzz
FUZZ_CC     ?= clang
FUZZ_CXX    ?= clang++
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OPT    := -O1 -g -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
# Other people's code may warn under clang where gcc is quiet: that must
# not stop the fuzz build, so -Werror is for fuzz/ itself only.
FUZZ_CFLAGS  = -std=c17 $(FUZZ_OPT) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
               $(filter-out -Werror,$(WARN))
FUZZ_CXXFLAGS= -std=c++17 $(FUZZ_OPT) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -Wall -Wextra
FUZZ_LIBS    = $(call PC,--libs,libzip) $(call PC,--libs,expat) \
               $(call PC,--libs,libcrypto) -lz
FUZZ_TARGETS ?= $(sort $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c)))
FUZZ_OBJ     = $(LIB_SRC:src/%.c=$(FUZZ_B)/obj/%.o) $(FUZZ_B)/obj/embedded.o
FUZZ_LIBA    = $(FUZZ_B)/libseemail-fuzz.a
FUZZ_SMOKE_TIME ?= 6
FUZZ_SMOKE_SEED ?= 1
FUZZ_TIME    ?= 600

fuzz: $(FUZZ_TARGETS:%=$(FUZZ_B)/%)

$(FUZZ_B)/obj/%.o: src/%.c | $(B)/.deps
	@mkdir -p $(@D)
	$(call say,FUZZCC)$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) \
	    $(call PC,--cflags,libzip expat) -c -o $@ $<
$(FUZZ_B)/obj/libexec/pdf_shim.o: src/libexec/pdf_shim.cc | $(B)/.deps
	@mkdir -p $(@D)
	$(call say,FUZZCXX)$(FUZZ_CXX) $(ALL_CPPFLAGS) $(FUZZ_CXXFLAGS) \
	    $(call PC,--cflags,poppler-cpp) -c -o $@ $<
$(FUZZ_B)/obj/embedded.o: mk/embed.sh $(EMBED)
	@mkdir -p $(@D)
	$(Q)sh mk/embed.sh $(EMBED) >$(FUZZ_B)/obj/embedded.s
	$(call say,FUZZAS)$(FUZZ_CC) -c -o $@ $(FUZZ_B)/obj/embedded.s
$(FUZZ_LIBA): $(FUZZ_OBJ)
	$(call say,AR)$(AR) rcs $@ $^

# A target: its one file, the library, and -fsanitize=fuzzer for main().
$(FUZZ_B)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h fuzz/extract_fuzz.h $(FUZZ_LIBA)
	@mkdir -p $(@D)
	$(call say,FUZZLD)$(FUZZ_CC) $(ALL_CPPFLAGS) -Ifuzz $(FUZZ_CFLAGS) -Werror \
	    -fsanitize=fuzzer -o $@ $< $(FUZZ_LIBA) $(FUZZ_LIBS)
# The PDF shim is C++ and links poppler-cpp (which is not instrumented).
$(FUZZ_B)/fuzz_pdf: fuzz/fuzz_pdf.c fuzz/fuzz.h $(FUZZ_B)/obj/libexec/pdf_shim.o $(FUZZ_LIBA)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(ALL_CPPFLAGS) -Isrc/libexec -Ifuzz $(FUZZ_CFLAGS) -Werror \
	    -c -o $(FUZZ_B)/obj/fuzz_pdf.o $<
	$(call say,FUZZLD)$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer -o $@ \
	    $(FUZZ_B)/obj/fuzz_pdf.o $(FUZZ_B)/obj/libexec/pdf_shim.o $(FUZZ_LIBA) \
	    $(call PC,--libs,poppler-cpp) $(FUZZ_LIBS)

fuzz-smoke: fuzz
	@FUZZ_FLAGS="-seed=$(FUZZ_SMOKE_SEED) $(FUZZ_FLAGS)" sh fuzz/run.sh $(FUZZ_B) $(FUZZ_SMOKE_TIME) $(FUZZ_TARGETS)
fuzz-long: fuzz
	@sh fuzz/run.sh $(FUZZ_B) $(FUZZ_TIME) $(FUZZ_TARGETS)

-include $(FUZZ_OBJ:.o=.d) $(FUZZ_B)/obj/libexec/*.d $(FUZZ_B)/*.d

.PHONY: fuzz fuzz-smoke fuzz-long
