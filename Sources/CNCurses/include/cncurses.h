#ifndef CNCURSES_H
#define CNCURSES_H
/* SwiftPM drops pkg-config's -D flags, so the wide-character API must be switched on here,
   before curses.h (TUI-NOTES §1.2). */
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
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
int cnc_key_code_yes(void);

/* setlocale(LC_ALL, "") then newterm(NULL, stdout, stdin): NULL when the terminal cannot be
   opened (unlike initscr, which exits). Saves the tty first so a crash can restore it. */
SCREEN *cnc_open(void);
/* endwin + delscreen. Safe to call twice. */
void cnc_close(void);
/* attr_set + mvaddstr of UTF-8 text: one call per run of same-styled cells. */
int cnc_put(int y, int x, const char *utf8, attr_t attrs, short pair);
/* wget_wch on stdscr: returns ERR (no key), OK (*ch is a character) or KEY_CODE_YES (*ch is a KEY_*). */
int cnc_get_wch(unsigned int *ch);
/* Crash safety (TUI-NOTES §1.6): SIGSEGV/SIGILL/SIGTRAP/SIGABRT/SIGBUS/SIGFPE restore the tty
   with async-signal-safe calls, then chain to the previous handler (the Swift backtracer). */
void cnc_install_crash_handlers(void);
#endif
