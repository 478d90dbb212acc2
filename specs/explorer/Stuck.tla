---- MODULE Stuck ----
\* A deadlock: the counter stops at 2 (CHECK_DEADLOCK is on by default).
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 2 /\ x' = x + 1
Spec == Init /\ [][Next]_x
====
