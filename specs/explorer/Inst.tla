---- MODULE Inst ----
\* INSTANCE with substitutions: two counters from one module, named I!Op.
EXTENDS Naturals
VARIABLES a, b
A == INSTANCE Cnt WITH Cap <- 2, c <- a
B == INSTANCE Cnt WITH Cap <- 1, c <- b
Init == A!Zero /\ B!Zero
Next == \/ A!Tick /\ UNCHANGED b
        \/ B!Tick /\ UNCHANGED a
        \/ A!Reset /\ B!Reset
====
