/* STUB (owner: rules-compile helper replaces this file). */
#include <stdio.h>
#include "commands.h"
int rules_cmd_compile(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "compile: not implemented yet\n"); return 2; }
