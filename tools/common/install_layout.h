/* Where the tools find their data, from the directory they are installed in
 * (make install: PREFIX/bin and PREFIX/share/lockcheck).  Fixed, not taken
 * from the build's PREFIX, so a DESTDIR install or a moved prefix works. */
#ifndef LOCKCHECK_INSTALL_LAYOUT_H
#define LOCKCHECK_INSTALL_LAYOUT_H

#define LC_DATADIR_FROM_BINDIR "../share/lockcheck"

#endif
