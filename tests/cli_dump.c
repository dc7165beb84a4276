/* The option tables of the perfeval program (src/cli_opts.c), one line
 * per option as each command documents it, for tests/cli_options.py:
 * "command<TAB>section<TAB>-x<TAB>--name<TAB>ARG<TAB>values", section
 * "own", "reading" or "common", "-" where there is none. */
#include "cli.h"

#include <stdio.h>

static void rows(const char *cmd, const char *part, const cli_section *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const cli_row *r = &s->rows[i];
        const cli_option *o = cli_option_of(r->code);

        if (o->is_short)
            printf("%s\t%s\t-%c\t--%s\t%s\t%s\n", cmd, part, o->code, o->name,
                   r->arg ? r->arg : "-", r->values ? r->values : "-");
        else
            printf("%s\t%s\t-\t--%s\t%s\t%s\n", cmd, part, o->name,
                   r->arg ? r->arg : "-", r->values ? r->values : "-");
    }
}

int main(void)
{
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];

        rows(c->name, "own", &c->help);
        if (c->bit & C_READ)
            rows(c->name, "reading", &cli_reading);
        rows(c->name, "common", &cli_common);
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
