---- MODULE Subst ----
\* CONSTANT Op <- Def in the config; CASE without OTHER; \A; IF in an action.
EXTENDS Naturals
CONSTANTS Limit, Step(_)
VARIABLE n
Init == n = 0
Double(k) == 2 * k + 1
Next == /\ n < Limit
        /\ \A d \in {1} : d > 0
        /\ n' = IF n = 0 THEN Step(n) ELSE CASE n > 0 -> Step(n)
====
