"""TaskJuggler: `.tjp` projects (tokenizer, includes and macros, parser, model) and CSV task reports."""
