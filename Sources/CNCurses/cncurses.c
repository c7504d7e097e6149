#include "cncurses.h"
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <term.h>

WINDOW *cnc_stdscr(void) { return stdscr; }
int cnc_lines(void) { return LINES; }
int cnc_cols(void) { return COLS; }
attr_t cnc_a_bold(void) { return A_BOLD; }
attr_t cnc_a_reverse(void) { return A_REVERSE; }
attr_t cnc_a_dim(void) { return A_DIM; }
attr_t cnc_a_underline(void) { return A_UNDERLINE; }
attr_t cnc_color_pair(short pair) { return COLOR_PAIR(pair); }
int cnc_key_resize(void) { return KEY_RESIZE; }
int cnc_key_code_yes(void) { return KEY_CODE_YES; }

static SCREEN *screen = NULL;
static struct termios saved_tty;
static int have_saved_tty = 0;
static char restore_seq[256];
static size_t restore_len = 0;

static void append_cap(const char *name) {
    char *s = tigetstr((char *)name);
    if (s == NULL || s == (char *)-1) return;
    size_t n = strlen(s);
    if (restore_len + n < sizeof restore_seq) { memcpy(restore_seq + restore_len, s, n); restore_len += n; }
}

SCREEN *cnc_open(void) {
    setlocale(LC_ALL, "");
    if (tcgetattr(STDIN_FILENO, &saved_tty) == 0) have_saved_tty = 1;
    screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return NULL;
    set_term(screen);
    restore_len = 0;
    append_cap("sgr0");
    append_cap("cnorm");
    append_cap("rmcup");
    return screen;
}

void cnc_close(void) {
    if (screen == NULL) return;
    endwin();
    delscreen(screen);
    screen = NULL;
    restore_len = 0;
    fflush(stdout);
}

int cnc_put(int y, int x, const char *utf8, attr_t attrs, short pair) {
    attr_set(attrs, pair, NULL);
    return mvaddstr(y, x, utf8);
}

int cnc_get_wch(unsigned int *ch) {
    wint_t w = 0;
    int r = wget_wch(stdscr, &w);
    *ch = (unsigned int)w;
    return r;
}

static struct sigaction previous[65];

static void crash_handler(int sig) {
    if (restore_len > 0) { ssize_t r = write(STDOUT_FILENO, restore_seq, restore_len); (void)r; }
    if (have_saved_tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
    sigaction(sig, &previous[sig], NULL);
    raise(sig);
}

void cnc_install_crash_handlers(void) {
    int sigs[] = { SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = crash_handler;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, &previous[sigs[i]]);
    }
}
