/* `caseflow completion bash|zsh`: shell completion from the command table and each command's
 * --help. */
/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

/*
 * The scripts know the commands (from the table in main.c, written in when the
 * script is made) and ask `caseflow CMD --help` for a command's options when
 * completing, so they follow the installed program without being remade. Option
 * values with a fixed set (--format, --theme, --view, ...) are listed here.
 */
static const char *const explorer_opts = "--theme --no-color --no-mouse --ascii --view --playbook";

static const char *const values[][2] = {
    {"--format", "text json csv"},
    {"--input-format", "csv xes"},
    {"--date-order", "dmy mdy"},
    {"--theme", "default light dark-256 high-contrast mono"},
    {"--view", "map variants cases stages rework deadends help compare conformance stats outlook"},
    {"--style", "normal compact overview"},
    {"--metric", "freq cases mean median max"},
    {"--dialect", "postgres duckdb spark trino bigquery"},
    {"--names", "orig xes"},
};

static void
print_commands(void)
{
    for (const struct command *c = commands; c->name != NULL; c++)
        printf("%s%s", c == commands ? "" : " ", c->name);
}

static void
print_bash(void)
{
    printf("# bash completion for caseflow (made by `caseflow completion bash`)\n"
           "_caseflow() {\n"
           "    local cur prev cmd words\n"
           "    cur=${COMP_WORDS[COMP_CWORD]}\n"
           "    prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           "    cmd=\n"
           "    [ \"$COMP_CWORD\" -gt 1 ] && cmd=${COMP_WORDS[1]}\n"
           "    case $prev in\n");
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        printf("    %s) COMPREPLY=($(compgen -W '%s' -- \"$cur\")); return ;;\n", values[i][0],
               values[i][1]);
    printf("    esac\n"
           "    if [ \"$COMP_CWORD\" -eq 1 ] && [ \"${cur#-}\" = \"$cur\" ]; then\n"
           "        COMPREPLY=($(compgen -W '");
    print_commands();
    printf("' -- \"$cur\") $(compgen -f -- \"$cur\"))\n"
           "        return\n"
           "    fi\n"
           "    if [ \"${cur#-}\" != \"$cur\" ]; then\n"
           "        case \" ");
    print_commands();
    printf(" \" in\n"
           "        *\" $cmd \"*) words=$(\"${COMP_WORDS[0]}\" \"$cmd\" --help 2>/dev/null |"
           " grep -oE -- '--[a-z][a-z0-9-]*' | sort -u) ;;\n"
           "        *) words=\"$(\"${COMP_WORDS[0]}\" report --help 2>/dev/null |"
           " grep -oE -- '--[a-z][a-z0-9-]*' | sort -u) %s\" ;;\n"
           "        esac\n"
           "        COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
           "        return\n"
           "    fi\n"
           "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
           "}\n"
           "complete -o filenames -F _caseflow caseflow\n",
           explorer_opts);
}

static void
print_zsh(void)
{
    printf("#compdef caseflow\n"
           "# zsh completion for caseflow (made by `caseflow completion zsh`)\n"
           "_caseflow() {\n"
           "    local cmd=${words[2]} prev=${words[CURRENT-1]}\n"
           "    local -a opts\n"
           "    case $prev in\n");
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        printf("    %s) compadd -- %s; return ;;\n", values[i][0], values[i][1]);
    printf("    esac\n"
           "    if (( CURRENT == 2 )) && [[ $PREFIX != -* ]]; then\n"
           "        compadd -- ");
    print_commands();
    printf("\n        _files\n"
           "        return\n"
           "    fi\n"
           "    if [[ $PREFIX == -* ]]; then\n"
           "        if [[ \" ");
    print_commands();
    printf(" \" == *\" $cmd \"* ]]; then\n"
           "            opts=(${(f)\"$(${words[1]} $cmd --help 2>/dev/null |"
           " grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)\"})\n"
           "        else\n"
           "            opts=(${(f)\"$(${words[1]} report --help 2>/dev/null |"
           " grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)\"} %s)\n"
           "        fi\n"
           "        compadd -- $opts\n"
           "        return\n"
           "    fi\n"
           "    _files\n"
           "}\n"
           "_caseflow \"$@\"\n",
           explorer_opts);
}

int
cmd_completion(int argc, char **argv)
{
    const char *shell = argc >= 2 ? argv[1] : "";
    if (strcmp(shell, "bash") == 0) {
        print_bash();
    } else if (strcmp(shell, "zsh") == 0) {
        print_zsh();
    } else if (strcmp(shell, "--help") == 0 || strcmp(shell, "-h") == 0) {
        printf("Usage: caseflow completion bash|zsh\n"
               "Print a completion script: commands, each command's options (asked of\n"
               "'caseflow COMMAND --help' as you type) and the values of --format, --theme,\n"
               "--view and the like. make install puts them where bash-completion and zsh\n"
               "look; by hand: source <(caseflow completion bash).\n");
        return 0;
    } else {
        fprintf(stderr, "caseflow completion: which shell? bash or zsh\n");
        return CF_EXIT_USAGE;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
