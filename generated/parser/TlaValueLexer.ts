
import * as antlr from "antlr4ng";
import { Token } from "antlr4ng";


export class TlaValueLexer extends antlr.Lexer {
    public static readonly CONJ = 1;
    public static readonly EQ = 2;
    public static readonly LBRACE = 3;
    public static readonly RBRACE = 4;
    public static readonly LTUPLE = 5;
    public static readonly RTUPLE = 6;
    public static readonly LBRACKET = 7;
    public static readonly RBRACKET = 8;
    public static readonly LPAREN = 9;
    public static readonly RPAREN = 10;
    public static readonly COMMA = 11;
    public static readonly MAPSTO = 12;
    public static readonly COLONGT = 13;
    public static readonly ATAT = 14;
    public static readonly DOTDOT = 15;
    public static readonly TRUE = 16;
    public static readonly FALSE = 17;
    public static readonly INT = 18;
    public static readonly STRING = 19;
    public static readonly IDENT = 20;
    public static readonly WS = 21;

    public static readonly channelNames = [
        "DEFAULT_TOKEN_CHANNEL", "HIDDEN"
    ];

    public static readonly literalNames = [
        null, "'/\\'", "'='", "'{'", "'}'", "'<<'", "'>>'", "'['", "']'", 
        "'('", "')'", "','", "'|->'", "':>'", "'@@'", "'..'", "'TRUE'", 
        "'FALSE'"
    ];

    public static readonly symbolicNames = [
        null, "CONJ", "EQ", "LBRACE", "RBRACE", "LTUPLE", "RTUPLE", "LBRACKET", 
        "RBRACKET", "LPAREN", "RPAREN", "COMMA", "MAPSTO", "COLONGT", "ATAT", 
        "DOTDOT", "TRUE", "FALSE", "INT", "STRING", "IDENT", "WS"
    ];

    public static readonly modeNames = [
        "DEFAULT_MODE",
    ];

    public static readonly ruleNames = [
        "CONJ", "EQ", "LBRACE", "RBRACE", "LTUPLE", "RTUPLE", "LBRACKET", 
        "RBRACKET", "LPAREN", "RPAREN", "COMMA", "MAPSTO", "COLONGT", "ATAT", 
        "DOTDOT", "TRUE", "FALSE", "INT", "STRING", "IDENT", "WS",
    ];


    public constructor(input: antlr.CharStream) {
        super(input);
        this.interpreter = new antlr.LexerATNSimulator(this, TlaValueLexer._ATN, TlaValueLexer.decisionsToDFA, new antlr.PredictionContextCache());
    }

    public get grammarFileName(): string { return "TlaValue.g4"; }

    public get literalNames(): (string | null)[] { return TlaValueLexer.literalNames; }
    public get symbolicNames(): (string | null)[] { return TlaValueLexer.symbolicNames; }
    public get ruleNames(): string[] { return TlaValueLexer.ruleNames; }

    public get serializedATN(): number[] { return TlaValueLexer._serializedATN; }

    public get channelNames(): string[] { return TlaValueLexer.channelNames; }

    public get modeNames(): string[] { return TlaValueLexer.modeNames; }

    public static readonly _serializedATN: number[] = [
        4,0,21,125,6,-1,2,0,7,0,2,1,7,1,2,2,7,2,2,3,7,3,2,4,7,4,2,5,7,5,
        2,6,7,6,2,7,7,7,2,8,7,8,2,9,7,9,2,10,7,10,2,11,7,11,2,12,7,12,2,
        13,7,13,2,14,7,14,2,15,7,15,2,16,7,16,2,17,7,17,2,18,7,18,2,19,7,
        19,2,20,7,20,1,0,1,0,1,0,1,1,1,1,1,2,1,2,1,3,1,3,1,4,1,4,1,4,1,5,
        1,5,1,5,1,6,1,6,1,7,1,7,1,8,1,8,1,9,1,9,1,10,1,10,1,11,1,11,1,11,
        1,11,1,12,1,12,1,12,1,13,1,13,1,13,1,14,1,14,1,14,1,15,1,15,1,15,
        1,15,1,15,1,16,1,16,1,16,1,16,1,16,1,16,1,17,3,17,94,8,17,1,17,4,
        17,97,8,17,11,17,12,17,98,1,18,1,18,1,18,1,18,5,18,105,8,18,10,18,
        12,18,108,9,18,1,18,1,18,1,19,1,19,5,19,114,8,19,10,19,12,19,117,
        9,19,1,20,4,20,120,8,20,11,20,12,20,121,1,20,1,20,0,0,21,1,1,3,2,
        5,3,7,4,9,5,11,6,13,7,15,8,17,9,19,10,21,11,23,12,25,13,27,14,29,
        15,31,16,33,17,35,18,37,19,39,20,41,21,1,0,6,1,0,48,57,6,0,34,34,
        92,92,102,102,110,110,114,114,116,116,4,0,10,10,13,13,34,34,92,92,
        3,0,65,90,95,95,97,122,4,0,48,57,65,90,95,95,97,122,3,0,9,10,13,
        13,32,32,130,0,1,1,0,0,0,0,3,1,0,0,0,0,5,1,0,0,0,0,7,1,0,0,0,0,9,
        1,0,0,0,0,11,1,0,0,0,0,13,1,0,0,0,0,15,1,0,0,0,0,17,1,0,0,0,0,19,
        1,0,0,0,0,21,1,0,0,0,0,23,1,0,0,0,0,25,1,0,0,0,0,27,1,0,0,0,0,29,
        1,0,0,0,0,31,1,0,0,0,0,33,1,0,0,0,0,35,1,0,0,0,0,37,1,0,0,0,0,39,
        1,0,0,0,0,41,1,0,0,0,1,43,1,0,0,0,3,46,1,0,0,0,5,48,1,0,0,0,7,50,
        1,0,0,0,9,52,1,0,0,0,11,55,1,0,0,0,13,58,1,0,0,0,15,60,1,0,0,0,17,
        62,1,0,0,0,19,64,1,0,0,0,21,66,1,0,0,0,23,68,1,0,0,0,25,72,1,0,0,
        0,27,75,1,0,0,0,29,78,1,0,0,0,31,81,1,0,0,0,33,86,1,0,0,0,35,93,
        1,0,0,0,37,100,1,0,0,0,39,111,1,0,0,0,41,119,1,0,0,0,43,44,5,47,
        0,0,44,45,5,92,0,0,45,2,1,0,0,0,46,47,5,61,0,0,47,4,1,0,0,0,48,49,
        5,123,0,0,49,6,1,0,0,0,50,51,5,125,0,0,51,8,1,0,0,0,52,53,5,60,0,
        0,53,54,5,60,0,0,54,10,1,0,0,0,55,56,5,62,0,0,56,57,5,62,0,0,57,
        12,1,0,0,0,58,59,5,91,0,0,59,14,1,0,0,0,60,61,5,93,0,0,61,16,1,0,
        0,0,62,63,5,40,0,0,63,18,1,0,0,0,64,65,5,41,0,0,65,20,1,0,0,0,66,
        67,5,44,0,0,67,22,1,0,0,0,68,69,5,124,0,0,69,70,5,45,0,0,70,71,5,
        62,0,0,71,24,1,0,0,0,72,73,5,58,0,0,73,74,5,62,0,0,74,26,1,0,0,0,
        75,76,5,64,0,0,76,77,5,64,0,0,77,28,1,0,0,0,78,79,5,46,0,0,79,80,
        5,46,0,0,80,30,1,0,0,0,81,82,5,84,0,0,82,83,5,82,0,0,83,84,5,85,
        0,0,84,85,5,69,0,0,85,32,1,0,0,0,86,87,5,70,0,0,87,88,5,65,0,0,88,
        89,5,76,0,0,89,90,5,83,0,0,90,91,5,69,0,0,91,34,1,0,0,0,92,94,5,
        45,0,0,93,92,1,0,0,0,93,94,1,0,0,0,94,96,1,0,0,0,95,97,7,0,0,0,96,
        95,1,0,0,0,97,98,1,0,0,0,98,96,1,0,0,0,98,99,1,0,0,0,99,36,1,0,0,
        0,100,106,5,34,0,0,101,102,5,92,0,0,102,105,7,1,0,0,103,105,8,2,
        0,0,104,101,1,0,0,0,104,103,1,0,0,0,105,108,1,0,0,0,106,104,1,0,
        0,0,106,107,1,0,0,0,107,109,1,0,0,0,108,106,1,0,0,0,109,110,5,34,
        0,0,110,38,1,0,0,0,111,115,7,3,0,0,112,114,7,4,0,0,113,112,1,0,0,
        0,114,117,1,0,0,0,115,113,1,0,0,0,115,116,1,0,0,0,116,40,1,0,0,0,
        117,115,1,0,0,0,118,120,7,5,0,0,119,118,1,0,0,0,120,121,1,0,0,0,
        121,119,1,0,0,0,121,122,1,0,0,0,122,123,1,0,0,0,123,124,6,20,0,0,
        124,42,1,0,0,0,7,0,93,98,104,106,115,121,1,6,0,0
    ];

    private static __ATN: antlr.ATN;
    public static get _ATN(): antlr.ATN {
        if (!TlaValueLexer.__ATN) {
            TlaValueLexer.__ATN = new antlr.ATNDeserializer().deserialize(TlaValueLexer._serializedATN);
        }

        return TlaValueLexer.__ATN;
    }


    private static readonly vocabulary = new antlr.Vocabulary(TlaValueLexer.literalNames, TlaValueLexer.symbolicNames, []);

    public override get vocabulary(): antlr.Vocabulary {
        return TlaValueLexer.vocabulary;
    }

    private static readonly decisionsToDFA = TlaValueLexer._ATN.decisionToState.map( (ds: antlr.DecisionState, index: number) => new antlr.DFA(ds, index) );
}