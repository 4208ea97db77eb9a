# e2e.mk: the MTA kit's tests on their own, and with Postfix.
#
#   make check-e2e      the kit's tests (tests/cli/e2e_exim.sh): real Exim
#                       gateways as root, the kit's scripts with a fake MTA
#   make check-postfix  as root: the same, with the kit's Postfix examples
#                       linted by the postconf of the postfix package, then
#                       run end to end by its real Postfix
#                       (tests/postfix/e2e_postfix.sh); the package is
#                       downloaded once (apt-get download, unpacked into
#                       $(B)/postfix-pkg, never installed: it cannot sit
#                       beside exim4).  Skipped, with the reason, when not
#                       root or when the download fails.
PF_ROOT := $(B)/postfix-pkg

check-e2e: all
	@SEEMAIL_BIN=$(CURDIR)/$(BIN) sh tests/run-cli.sh tests/cli/e2e_exim.sh

check-postfix: all
	@st=0; sh tests/postfix/prepare.sh $(B) || st=$$?; \
	case $$st in 0) ;; 77) exit 0 ;; *) exit $$st ;; esac; \
	SEEMAIL_BIN=$(CURDIR)/$(BIN) SEEMAIL_POSTFIX_ROOT=$(CURDIR)/$(PF_ROOT) \
	    sh tests/run-cli.sh tests/cli/e2e_exim.sh tests/postfix/e2e_postfix.sh

.PHONY: check-e2e check-postfix
