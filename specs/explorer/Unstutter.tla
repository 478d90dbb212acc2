---- MODULE Unstutter ----
\* [A]_v and <<A>>_v inside the next-state relation; UNCHANGED of a tuple definition.
EXTENDS Naturals
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
A == x < 2 /\ x' = x + 1 /\ UNCHANGED y
B == y < 1 /\ y' = y + 1 /\ UNCHANGED <<x>>
Next == [A]_vars \/ <<B>>_vars
====
