/* The one-line editor behind the / c a : prompts, with history and a live feedback text. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_PROMPT_H
#define CF_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui.h"

#define PROMPT_MAX 1024
#define PROMPT_HISTORY 32

enum prompt_kind { PROMPT_PATH, PROMPT_CASE, PROMPT_ATTR, PROMPT_COMMAND, PROMPT__KINDS };

/* What a key did to the prompt. */
enum prompt_result {
    PROMPT_EDITED,  /* cursor moved, text unchanged */
    PROMPT_CHANGED, /* the text changed: refresh the live feedback */
    PROMPT_ACCEPT,  /* Enter */
    PROMPT_CANCEL   /* Esc, or ^C / ^G */
};

struct prompt {
    enum prompt_kind kind;
    const char *label; /* "/", "case: ", ... */
    char buf[PROMPT_MAX];
    size_t len, cur;    /* bytes; cur is at a character boundary */
    char feedback[256]; /* shown after the text: "1,234 cases" or an error */
    bool feedback_error;
    int hist_pos; /* -1 = editing a new line */
};

/* Start editing with text initial (may be NULL). */
void prompt_start(struct prompt *p, enum prompt_kind kind, const char *label, const char *initial);

/*
 * Feed one key (a character, or KEY_FN | curses key code as in keys.h).
 * Editing keys: Left/Right, Home/End, ^A/^E, Backspace, Del, ^U (kill to
 * start), ^K (kill to end), ^W (kill word), Up/Down (history of this kind).
 * On PROMPT_ACCEPT the text is added to the history.
 */
enum prompt_result prompt_key(struct prompt *p, int key);

/* Draw label, text, cursor and feedback on row y of w, width columns. */
void prompt_draw(const struct prompt *p, WINDOW *w, int y, int width);

/* Forget all history (at exit). */
void prompt_history_clear(void);

/*
 * Keep the history between runs: load from, save to $CASEFLOW_HISTORY (empty:
 * none), else $XDG_STATE_HOME/caseflow/history, else ~/.local/state/caseflow/history
 * (mode 0600: filters name cases). One entry a line, "K TEXT" with K the prompt
 * (/ c a :); a missing or unreadable file is an empty history, a failed save
 * keeps the old file.
 */
void prompt_history_load(void);
void prompt_history_save(void);

#endif
