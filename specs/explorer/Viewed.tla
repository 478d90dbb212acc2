---- MODULE Viewed ----
\* VIEW: states that agree on the view are one state.
EXTENDS Naturals
VARIABLES x, steps
Init == x = 0 /\ steps = 0
Next == /\ steps < 4
        /\ x' \in {x, (x + 1) % 3}
        /\ steps' = steps + 1
OnlyX == x
====
