"""Imported in multiprocessing's forkserver only (kb.parse.pdf names it as a preload): the
forkserver then dies with the process that started it. Python keeps a forkserver running
as long as any process it forked lives (each gets the "alive" pipe), so without this a
`kb ingest` killed with -9 leaves the forkserver, the parse workers it forked and the
resource tracker running until the workers finish their pages. The workers in turn die
with the forkserver (kb.limits.die_with_parent as the pool's initializer)."""

from kb.limits import die_with_parent

die_with_parent()
