// TLA+ values exactly as TLC prints them (tlc2.value.*.toString): in state
// labels of -dump dot, in plain -dump files, in -tool traces and in the
// arguments of DOT edge labels written with `actionlabels`.
//
// Whitespace (including the newlines and two-space indents TLC inserts when a
// value is wrapped at 80 columns) is insignificant.
grammar TlaValue;

// `/\ x = v` or, when the model has a single variable, `x = v`.
assignment
    : CONJ? IDENT EQ value EOF
    ;

// `Name` or `Name(v1,v2,...)` as in an edge label.
actionLabel
    : IDENT (LPAREN value (COMMA value)* RPAREN)? EOF
    ;

singleValue
    : value EOF
    ;

value
    : LBRACE (value (COMMA value)*)? RBRACE            # setValue
    | LTUPLE (value (COMMA value)*)? RTUPLE            # tupleValue
    | LBRACKET field (COMMA field)* RBRACKET           # recordValue
    | LPAREN mapping (ATAT mapping)* RPAREN            # functionValue
    | INT DOTDOT INT                                   # intervalValue
    | INT                                              # intValue
    | STRING                                           # stringValue
    | TRUE                                             # trueValue
    | FALSE                                            # falseValue
    | IDENT                                            # modelValue
    ;

field
    : IDENT MAPSTO value
    ;

mapping
    : value COLONGT value
    ;

CONJ     : '/\\' ;
EQ       : '=' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
LTUPLE   : '<<' ;
RTUPLE   : '>>' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
COMMA    : ',' ;
MAPSTO   : '|->' ;
COLONGT  : ':>' ;
ATAT     : '@@' ;
DOTDOT   : '..' ;
TRUE     : 'TRUE' ;
FALSE    : 'FALSE' ;
INT      : '-'? [0-9]+ ;
// TLC escapes \" \\ \t \n \f \r; other characters (UTF-8 included) are literal.
STRING   : '"' ( '\\' ["\\tnfr] | ~["\\\r\n] )* '"' ;
IDENT    : [A-Za-z_] [A-Za-z0-9_]* ;
WS       : [ \t\r\n]+ -> skip ;
