# install.mk: make install / uninstall, with PREFIX, DESTDIR, sysconfdir.
#
# The tools find their helpers at ../libexec/seemail beside themselves (so
# an installed tree may be moved) or at the libexecdir compiled in; the
# defaults of share/seemail are compiled into every tool, and installed
# too, for reference and for the MTA kit.
MAN1 := $(wildcard man/*.1)
MAN5 := $(wildcard man/*.5)
MAN7 := $(wildcard man/*.7)

bashcompdir ?= $(datadir)/bash-completion/completions
zshcompdir  ?= $(datadir)/zsh/site-functions

install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(libexecdir)/seemail \
	    $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man5 $(DESTDIR)$(mandir)/man7 \
	    $(DESTDIR)$(datadir)/seemail $(DESTDIR)$(sysconfdir)/seemail
	install -m 755 $(TOOLS:%=$(BIN)/%) $(DESTDIR)$(bindir)
	install -m 755 $(HELPERS:%=$(LIBEXEC)/%) $(DESTDIR)$(libexecdir)/seemail
	$(if $(MAN1),install -m 644 $(MAN1) $(DESTDIR)$(mandir)/man1)
	$(if $(MAN5),install -m 644 $(MAN5) $(DESTDIR)$(mandir)/man5)
	$(if $(MAN7),install -m 644 $(MAN7) $(DESTDIR)$(mandir)/man7)
	cp -R share/seemail/. $(DESTDIR)$(datadir)/seemail/
	if [ -d completions ]; then \
	    install -d $(DESTDIR)$(bashcompdir) $(DESTDIR)$(zshcompdir); \
	    for t in $(TOOLS); do install -m 644 completions/seemail.bash $(DESTDIR)$(bashcompdir)/$$t; done; \
	    install -m 644 completions/_seemail $(DESTDIR)$(zshcompdir)/_seemail; fi
	@# The configuration is the administrator's: never overwritten.
	[ -e $(DESTDIR)$(sysconfdir)/seemail/seemail.conf ] || \
	    install -m 644 share/seemail/seemail.conf $(DESTDIR)$(sysconfdir)/seemail/seemail.conf

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(bindir)/%)
	rm -f $(HELPERS:%=$(DESTDIR)$(libexecdir)/seemail/%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(mandir)/man1/%) $(MAN5:man/%=$(DESTDIR)$(mandir)/man5/%) \
	    $(MAN7:man/%=$(DESTDIR)$(mandir)/man7/%)
	rm -rf $(DESTDIR)$(datadir)/seemail
	rm -f $(TOOLS:%=$(DESTDIR)$(bashcompdir)/%) $(DESTDIR)$(zshcompdir)/_seemail
	-rmdir $(DESTDIR)$(libexecdir)/seemail
	@echo "left $(DESTDIR)$(sysconfdir)/seemail in place: it holds your configuration"

.PHONY: install uninstall
