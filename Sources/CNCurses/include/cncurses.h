#ifndef CNCURSES_H
#define CNCURSES_H
/* SwiftPM drops pkg-config's -D flags, so the wide-character API must be switched on here,
   before curses.h (TUI-NOTES §1.2). */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>

/* Globals and macros Swift 6 cannot import safely, exposed as functions (TUI-NOTES §1.3). */
WINDOW *cnc_stdscr(void);
int cnc_lines(void);
int cnc_cols(void);
attr_t cnc_a_bold(void);
attr_t cnc_a_reverse(void);
attr_t cnc_a_dim(void);
attr_t cnc_a_underline(void);
attr_t cnc_color_pair(short pair);
int cnc_key_resize(void);
#endif
