---- MODULE Base ----
\* A module the spec Layered extends from its own folder.
EXTENDS Naturals
CONSTANT Limit
Capped(n) == IF n >= Limit THEN Limit ELSE n
====
