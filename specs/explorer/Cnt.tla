---- MODULE Cnt ----
\* A counter module the spec Inst instantiates.
EXTENDS Naturals
CONSTANT Cap
VARIABLE c
Zero == c = 0
Tick == c < Cap /\ c' = c + 1
Reset == c = Cap /\ c' = 0
====
