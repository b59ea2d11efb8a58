/* Default options from a config file ($XDG_CONFIG_HOME/caseflow/config), put before the command
 * line's. */
/* SPDX-License-Identifier: MIT */
#ifndef CF_USERCONFIG_H
#define CF_USERCONFIG_H

/*
 * The config file holds options as on the command line, a few to a line; '#'
 * starts a comment; "double" or 'single' quotes keep blanks in a value. Lines
 * before any [section] apply to every command and the explorer, lines under
 * [explorer] to the explorer only, under [report] (or any command's name) to
 * that command only. The file is $CASEFLOW_CONFIG when set (empty: none), else
 * $XDG_CONFIG_HOME/caseflow/config, else ~/.config/caseflow/config; a missing
 * file is no error.
 *
 * config_argv returns a new argv for cmd (a command's name, or NULL for the
 * explorer): argv[0] (and for a command, argv[1]), the file's options for it,
 * then the rest of argv, so that the command line comes later and wins; *argc is
 * updated. Returns argv itself when the file adds nothing, NULL after printing an
 * error naming the file and line. The new array lives as long as the program.
 */
char **config_argv(const char *cmd, int *argc, char **argv);

#endif
