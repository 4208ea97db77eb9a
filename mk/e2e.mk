# e2e.mk: the MTA kit's tests on their own, and the Postfix lint.
#
#   make check-e2e      the kit's tests (tests/cli/e2e_exim.sh): real Exim
#                       gateways as root, the kit's scripts with a fake MTA
#   make check-postfix  the same, with the kit's Postfix examples linted by
#                       the postconf of the postfix package, downloaded once
#                       (apt-get download, unpacked into $(B)/postfix-pkg,
#                       never installed: it cannot sit beside exim4)
PF_ROOT := $(B)/postfix-pkg

check-e2e: all
	@SEEMAIL_BIN=$(CURDIR)/$(BIN) sh tests/run-cli.sh tests/cli/e2e_exim.sh

$(PF_ROOT)/usr/sbin/postconf:
	@rm -rf $(B)/postfix-dl && mkdir -p $(B)/postfix-dl
	cd $(B)/postfix-dl && apt-get download postfix
	dpkg -x $(B)/postfix-dl/postfix_*.deb $(PF_ROOT)

check-postfix: all $(PF_ROOT)/usr/sbin/postconf
	@SEEMAIL_BIN=$(CURDIR)/$(BIN) SEEMAIL_POSTFIX_ROOT=$(CURDIR)/$(PF_ROOT) \
	    sh tests/run-cli.sh tests/cli/e2e_exim.sh

.PHONY: check-e2e check-postfix
