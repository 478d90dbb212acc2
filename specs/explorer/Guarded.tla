---- MODULE Guarded ----
\* ACTION_CONSTRAINT: steps that break it are not taken.
EXTENDS Naturals
VARIABLES a, b
Init == a = 0 /\ b = 0
IncA == a < 3 /\ a' = a + 1 /\ b' = b
IncB == b < 3 /\ b' = b + 1 /\ a' = a
Next == IncA \/ IncB
NoOvertake == b' <= a'
====
