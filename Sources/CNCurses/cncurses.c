#include "cncurses.h"

WINDOW *cnc_stdscr(void) { return stdscr; }
int cnc_lines(void) { return LINES; }
int cnc_cols(void) { return COLS; }
attr_t cnc_a_bold(void) { return A_BOLD; }
attr_t cnc_a_reverse(void) { return A_REVERSE; }
attr_t cnc_a_dim(void) { return A_DIM; }
attr_t cnc_a_underline(void) { return A_UNDERLINE; }
attr_t cnc_color_pair(short pair) { return COLOR_PAIR(pair); }
int cnc_key_resize(void) { return KEY_RESIZE; }
