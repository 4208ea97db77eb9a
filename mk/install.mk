# install.mk: make install / uninstall, with PREFIX, DESTDIR, sysconfdir.
install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(libexecdir)/seemail
	install -m 755 $(TOOLS:%=$(BIN)/%) $(DESTDIR)$(bindir)
	install -m 755 $(HELPERS:%=$(LIBEXEC)/%) $(DESTDIR)$(libexecdir)/seemail

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(bindir)/%)
	rm -f $(HELPERS:%=$(DESTDIR)$(libexecdir)/seemail/%)
	-rmdir $(DESTDIR)$(libexecdir)/seemail

.PHONY: install uninstall
