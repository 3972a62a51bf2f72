# The C library: build it with cargo, install it where a distribution or a user wants it.
#
#   make                          libosimages.a and libosimages.so.X (scripts/build-capi.sh)
#   make install                  the header, both libraries and their symlinks, osimages.pc,
#                                 the CMake package and the C documentation, under $(PREFIX)
#   make uninstall                removes every file install put there (not the directories, which may hold others)
#
# Variables (GNU conventions; the lower-case GNU names work too): PREFIX (/usr/local),
# EXEC_PREFIX, LIBDIR ($(EXEC_PREFIX)/lib, e.g. /usr/lib/x86_64-linux-gnu), INCLUDEDIR,
# DATAROOTDIR, DOCDIR, PKGCONFIGDIR ($(LIBDIR)/pkgconfig), CMAKEDIR ($(LIBDIR)/cmake/osimages),
# DESTDIR (a staging root for packaging), CARGO_TARGET_DIR (where cargo builds; default
# target/), CARGO.
#
#   make && sudo make install
#   make install DESTDIR=/tmp/stage PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu

prefix      ?= /usr/local
PREFIX      ?= $(prefix)
exec_prefix ?= $(PREFIX)
EXEC_PREFIX ?= $(exec_prefix)
libdir      ?= $(EXEC_PREFIX)/lib
LIBDIR      ?= $(libdir)
includedir  ?= $(PREFIX)/include
INCLUDEDIR  ?= $(includedir)
datarootdir ?= $(PREFIX)/share
DATAROOTDIR ?= $(datarootdir)
docdir      ?= $(DATAROOTDIR)/doc/osimages
DOCDIR      ?= $(docdir)
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CMAKEDIR    ?= $(LIBDIR)/cmake/osimages
DESTDIR     ?=

CARGO            ?= cargo
CARGO_TARGET_DIR ?= target
INSTALL          ?= install
CC               ?= cc

# Where scripts/build-capi.sh leaves the libraries (an absolute path, whatever make's directory).
OUT := $(abspath $(CARGO_TARGET_DIR))/release

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
MAJOR   := $(word 1,$(subst ., ,$(VERSION)))
MINOR   := $(word 2,$(subst ., ,$(VERSION)))
# The ABI version the SONAME carries: MAJOR, or MAJOR.MINOR while MAJOR is 0.
ABI     := $(if $(filter 0,$(MAJOR)),0.$(MINOR),$(MAJOR))
SONAME  := libosimages.so.$(ABI)
REAL    := libosimages.so.$(VERSION)

# What osimages.pc says: ${prefix}-relative where the directory is under PREFIX.
pc_dir = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
# The CMake files find the libraries and the header relative to their own directory.
rel = $(shell realpath -m --relative-to='$(CMAKEDIR)' '$(1)')
SIZEOF_VOID_P := $(shell echo | $(CC) -dM -E - | sed -n 's/^\#define __SIZEOF_POINTER__ //p')

SUBST = sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@MAJOR@|$(MAJOR)|g' -e 's|@MINOR@|$(MINOR)|g' \
            -e 's|@ABI@|$(ABI)|g' -e 's|@PREFIX@|$(PREFIX)|g' \
            -e 's|@PC_LIBDIR@|$(call pc_dir,$(LIBDIR))|g' \
            -e 's|@PC_INCLUDEDIR@|$(call pc_dir,$(INCLUDEDIR))|g' \
            -e 's|@CMAKE_TO_LIBDIR@|$(call rel,$(LIBDIR))|g' \
            -e 's|@CMAKE_TO_INCLUDEDIR@|$(call rel,$(INCLUDEDIR))|g' \
            -e 's|@SIZEOF_VOID_P@|$(SIZEOF_VOID_P)|g'

CMAKE_FILES := osimagesConfig.cmake osimagesConfigVersion.cmake osimagesTargets.cmake

.PHONY: all lib install uninstall
all: lib

# cargo knows when the libraries are stale: always ask it.
lib:
	CARGO='$(CARGO)' CARGO_TARGET_DIR='$(abspath $(CARGO_TARGET_DIR))' ./scripts/build-capi.sh

# Builds only what is missing (cargo as the installing user is not needed when `make` ran first).
$(OUT)/libosimages.a $(OUT)/$(REAL):
	$(MAKE) --no-print-directory lib

install: $(OUT)/libosimages.a $(OUT)/$(REAL)
	$(INSTALL) -d '$(DESTDIR)$(INCLUDEDIR)' '$(DESTDIR)$(LIBDIR)' '$(DESTDIR)$(PKGCONFIGDIR)' \
	    '$(DESTDIR)$(CMAKEDIR)' '$(DESTDIR)$(DOCDIR)'
	$(INSTALL) -m 644 include/osimages.h '$(DESTDIR)$(INCLUDEDIR)/osimages.h'
	$(INSTALL) -m 644 '$(OUT)/libosimages.a' '$(DESTDIR)$(LIBDIR)/libosimages.a'
	$(INSTALL) -m 755 '$(OUT)/$(REAL)' '$(DESTDIR)$(LIBDIR)/$(REAL)'
	ln -sfn '$(REAL)' '$(DESTDIR)$(LIBDIR)/$(SONAME)'
	ln -sfn '$(SONAME)' '$(DESTDIR)$(LIBDIR)/libosimages.so'
	$(SUBST) capi/pkg/osimages.pc.in > '$(DESTDIR)$(PKGCONFIGDIR)/osimages.pc'
	$(foreach f,$(CMAKE_FILES),$(SUBST) capi/pkg/$(f).in > '$(DESTDIR)$(CMAKEDIR)/$(f)';)
	$(INSTALL) -m 644 README.md LICENSE CHANGELOG.md '$(DESTDIR)$(DOCDIR)/'

uninstall:
	rm -f '$(DESTDIR)$(INCLUDEDIR)/osimages.h' '$(DESTDIR)$(LIBDIR)/libosimages.a' \
	    '$(DESTDIR)$(LIBDIR)/$(REAL)' '$(DESTDIR)$(LIBDIR)/$(SONAME)' \
	    '$(DESTDIR)$(LIBDIR)/libosimages.so' '$(DESTDIR)$(PKGCONFIGDIR)/osimages.pc' \
	    $(foreach f,$(CMAKE_FILES),'$(DESTDIR)$(CMAKEDIR)/$(f)') \
	    '$(DESTDIR)$(DOCDIR)/README.md' '$(DESTDIR)$(DOCDIR)/LICENSE' \
	    '$(DESTDIR)$(DOCDIR)/CHANGELOG.md'
	-rmdir '$(DESTDIR)$(CMAKEDIR)' '$(DESTDIR)$(DOCDIR)' 2>/dev/null
