
import * as antlr from "antlr4ng";
import { Token } from "antlr4ng";

import { TlaValueListener } from "./TlaValueListener.js";
// for running tests with parameters, TODO: discuss strategy for typed parameters in CI
// eslint-disable-next-line no-unused-vars
type int = number;


export class TlaValueParser extends antlr.Parser {
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
    public static readonly RULE_assignment = 0;
    public static readonly RULE_actionLabel = 1;
    public static readonly RULE_singleValue = 2;
    public static readonly RULE_value = 3;
    public static readonly RULE_field = 4;
    public static readonly RULE_mapping = 5;

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
    public static readonly ruleNames = [
        "assignment", "actionLabel", "singleValue", "value", "field", "mapping",
    ];

    public get grammarFileName(): string { return "TlaValue.g4"; }
    public get literalNames(): (string | null)[] { return TlaValueParser.literalNames; }
    public get symbolicNames(): (string | null)[] { return TlaValueParser.symbolicNames; }
    public get ruleNames(): string[] { return TlaValueParser.ruleNames; }
    public get serializedATN(): number[] { return TlaValueParser._serializedATN; }

    protected createFailedPredicateException(predicate?: string, message?: string): antlr.FailedPredicateException {
        return new antlr.FailedPredicateException(this, predicate, message);
    }

    public constructor(input: antlr.TokenStream) {
        super(input);
        this.interpreter = new antlr.ParserATNSimulator(this, TlaValueParser._ATN, TlaValueParser.decisionsToDFA, new antlr.PredictionContextCache());
    }
    public assignment(): AssignmentContext {
        let localContext = new AssignmentContext(this.context, this.state);
        this.enterRule(localContext, 0, TlaValueParser.RULE_assignment);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 13;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 1) {
                {
                this.state = 12;
                this.match(TlaValueParser.CONJ);
                }
            }

            this.state = 15;
            this.match(TlaValueParser.IDENT);
            this.state = 16;
            this.match(TlaValueParser.EQ);
            this.state = 17;
            this.value();
            this.state = 18;
            this.match(TlaValueParser.EOF);
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public actionLabel(): ActionLabelContext {
        let localContext = new ActionLabelContext(this.context, this.state);
        this.enterRule(localContext, 2, TlaValueParser.RULE_actionLabel);
        let _la: number;
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 20;
            this.match(TlaValueParser.IDENT);
            this.state = 32;
            this.errorHandler.sync(this);
            _la = this.tokenStream.LA(1);
            if (_la === 9) {
                {
                this.state = 21;
                this.match(TlaValueParser.LPAREN);
                this.state = 22;
                this.value();
                this.state = 27;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                while (_la === 11) {
                    {
                    {
                    this.state = 23;
                    this.match(TlaValueParser.COMMA);
                    this.state = 24;
                    this.value();
                    }
                    }
                    this.state = 29;
                    this.errorHandler.sync(this);
                    _la = this.tokenStream.LA(1);
                }
                this.state = 30;
                this.match(TlaValueParser.RPAREN);
                }
            }

            this.state = 34;
            this.match(TlaValueParser.EOF);
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public singleValue(): SingleValueContext {
        let localContext = new SingleValueContext(this.context, this.state);
        this.enterRule(localContext, 4, TlaValueParser.RULE_singleValue);
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 36;
            this.value();
            this.state = 37;
            this.match(TlaValueParser.EOF);
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public value(): ValueContext {
        let localContext = new ValueContext(this.context, this.state);
        this.enterRule(localContext, 6, TlaValueParser.RULE_value);
        let _la: number;
        try {
            this.state = 93;
            this.errorHandler.sync(this);
            switch (this.interpreter.adaptivePredict(this.tokenStream, 9, this.context) ) {
            case 1:
                localContext = new SetValueContext(localContext);
                this.enterOuterAlt(localContext, 1);
                {
                this.state = 39;
                this.match(TlaValueParser.LBRACE);
                this.state = 48;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                if ((((_la) & ~0x1F) === 0 && ((1 << _la) & 2032296) !== 0)) {
                    {
                    this.state = 40;
                    this.value();
                    this.state = 45;
                    this.errorHandler.sync(this);
                    _la = this.tokenStream.LA(1);
                    while (_la === 11) {
                        {
                        {
                        this.state = 41;
                        this.match(TlaValueParser.COMMA);
                        this.state = 42;
                        this.value();
                        }
                        }
                        this.state = 47;
                        this.errorHandler.sync(this);
                        _la = this.tokenStream.LA(1);
                    }
                    }
                }

                this.state = 50;
                this.match(TlaValueParser.RBRACE);
                }
                break;
            case 2:
                localContext = new TupleValueContext(localContext);
                this.enterOuterAlt(localContext, 2);
                {
                this.state = 51;
                this.match(TlaValueParser.LTUPLE);
                this.state = 60;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                if ((((_la) & ~0x1F) === 0 && ((1 << _la) & 2032296) !== 0)) {
                    {
                    this.state = 52;
                    this.value();
                    this.state = 57;
                    this.errorHandler.sync(this);
                    _la = this.tokenStream.LA(1);
                    while (_la === 11) {
                        {
                        {
                        this.state = 53;
                        this.match(TlaValueParser.COMMA);
                        this.state = 54;
                        this.value();
                        }
                        }
                        this.state = 59;
                        this.errorHandler.sync(this);
                        _la = this.tokenStream.LA(1);
                    }
                    }
                }

                this.state = 62;
                this.match(TlaValueParser.RTUPLE);
                }
                break;
            case 3:
                localContext = new RecordValueContext(localContext);
                this.enterOuterAlt(localContext, 3);
                {
                this.state = 63;
                this.match(TlaValueParser.LBRACKET);
                this.state = 64;
                this.field();
                this.state = 69;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                while (_la === 11) {
                    {
                    {
                    this.state = 65;
                    this.match(TlaValueParser.COMMA);
                    this.state = 66;
                    this.field();
                    }
                    }
                    this.state = 71;
                    this.errorHandler.sync(this);
                    _la = this.tokenStream.LA(1);
                }
                this.state = 72;
                this.match(TlaValueParser.RBRACKET);
                }
                break;
            case 4:
                localContext = new FunctionValueContext(localContext);
                this.enterOuterAlt(localContext, 4);
                {
                this.state = 74;
                this.match(TlaValueParser.LPAREN);
                this.state = 75;
                this.mapping();
                this.state = 80;
                this.errorHandler.sync(this);
                _la = this.tokenStream.LA(1);
                while (_la === 14) {
                    {
                    {
                    this.state = 76;
                    this.match(TlaValueParser.ATAT);
                    this.state = 77;
                    this.mapping();
                    }
                    }
                    this.state = 82;
                    this.errorHandler.sync(this);
                    _la = this.tokenStream.LA(1);
                }
                this.state = 83;
                this.match(TlaValueParser.RPAREN);
                }
                break;
            case 5:
                localContext = new IntervalValueContext(localContext);
                this.enterOuterAlt(localContext, 5);
                {
                this.state = 85;
                this.match(TlaValueParser.INT);
                this.state = 86;
                this.match(TlaValueParser.DOTDOT);
                this.state = 87;
                this.match(TlaValueParser.INT);
                }
                break;
            case 6:
                localContext = new IntValueContext(localContext);
                this.enterOuterAlt(localContext, 6);
                {
                this.state = 88;
                this.match(TlaValueParser.INT);
                }
                break;
            case 7:
                localContext = new StringValueContext(localContext);
                this.enterOuterAlt(localContext, 7);
                {
                this.state = 89;
                this.match(TlaValueParser.STRING);
                }
                break;
            case 8:
                localContext = new TrueValueContext(localContext);
                this.enterOuterAlt(localContext, 8);
                {
                this.state = 90;
                this.match(TlaValueParser.TRUE);
                }
                break;
            case 9:
                localContext = new FalseValueContext(localContext);
                this.enterOuterAlt(localContext, 9);
                {
                this.state = 91;
                this.match(TlaValueParser.FALSE);
                }
                break;
            case 10:
                localContext = new ModelValueContext(localContext);
                this.enterOuterAlt(localContext, 10);
                {
                this.state = 92;
                this.match(TlaValueParser.IDENT);
                }
                break;
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public field(): FieldContext {
        let localContext = new FieldContext(this.context, this.state);
        this.enterRule(localContext, 8, TlaValueParser.RULE_field);
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 95;
            this.match(TlaValueParser.IDENT);
            this.state = 96;
            this.match(TlaValueParser.MAPSTO);
            this.state = 97;
            this.value();
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }
    public mapping(): MappingContext {
        let localContext = new MappingContext(this.context, this.state);
        this.enterRule(localContext, 10, TlaValueParser.RULE_mapping);
        try {
            this.enterOuterAlt(localContext, 1);
            {
            this.state = 99;
            this.value();
            this.state = 100;
            this.match(TlaValueParser.COLONGT);
            this.state = 101;
            this.value();
            }
        }
        catch (re) {
            if (re instanceof antlr.RecognitionException) {
                this.errorHandler.reportError(this, re);
                this.errorHandler.recover(this, re);
            } else {
                throw re;
            }
        }
        finally {
            this.exitRule();
        }
        return localContext;
    }

    public static readonly _serializedATN: number[] = [
        4,1,21,104,2,0,7,0,2,1,7,1,2,2,7,2,2,3,7,3,2,4,7,4,2,5,7,5,1,0,3,
        0,14,8,0,1,0,1,0,1,0,1,0,1,0,1,1,1,1,1,1,1,1,1,1,5,1,26,8,1,10,1,
        12,1,29,9,1,1,1,1,1,3,1,33,8,1,1,1,1,1,1,2,1,2,1,2,1,3,1,3,1,3,1,
        3,5,3,44,8,3,10,3,12,3,47,9,3,3,3,49,8,3,1,3,1,3,1,3,1,3,1,3,5,3,
        56,8,3,10,3,12,3,59,9,3,3,3,61,8,3,1,3,1,3,1,3,1,3,1,3,5,3,68,8,
        3,10,3,12,3,71,9,3,1,3,1,3,1,3,1,3,1,3,1,3,5,3,79,8,3,10,3,12,3,
        82,9,3,1,3,1,3,1,3,1,3,1,3,1,3,1,3,1,3,1,3,1,3,3,3,94,8,3,1,4,1,
        4,1,4,1,4,1,5,1,5,1,5,1,5,1,5,0,0,6,0,2,4,6,8,10,0,0,115,0,13,1,
        0,0,0,2,20,1,0,0,0,4,36,1,0,0,0,6,93,1,0,0,0,8,95,1,0,0,0,10,99,
        1,0,0,0,12,14,5,1,0,0,13,12,1,0,0,0,13,14,1,0,0,0,14,15,1,0,0,0,
        15,16,5,20,0,0,16,17,5,2,0,0,17,18,3,6,3,0,18,19,5,0,0,1,19,1,1,
        0,0,0,20,32,5,20,0,0,21,22,5,9,0,0,22,27,3,6,3,0,23,24,5,11,0,0,
        24,26,3,6,3,0,25,23,1,0,0,0,26,29,1,0,0,0,27,25,1,0,0,0,27,28,1,
        0,0,0,28,30,1,0,0,0,29,27,1,0,0,0,30,31,5,10,0,0,31,33,1,0,0,0,32,
        21,1,0,0,0,32,33,1,0,0,0,33,34,1,0,0,0,34,35,5,0,0,1,35,3,1,0,0,
        0,36,37,3,6,3,0,37,38,5,0,0,1,38,5,1,0,0,0,39,48,5,3,0,0,40,45,3,
        6,3,0,41,42,5,11,0,0,42,44,3,6,3,0,43,41,1,0,0,0,44,47,1,0,0,0,45,
        43,1,0,0,0,45,46,1,0,0,0,46,49,1,0,0,0,47,45,1,0,0,0,48,40,1,0,0,
        0,48,49,1,0,0,0,49,50,1,0,0,0,50,94,5,4,0,0,51,60,5,5,0,0,52,57,
        3,6,3,0,53,54,5,11,0,0,54,56,3,6,3,0,55,53,1,0,0,0,56,59,1,0,0,0,
        57,55,1,0,0,0,57,58,1,0,0,0,58,61,1,0,0,0,59,57,1,0,0,0,60,52,1,
        0,0,0,60,61,1,0,0,0,61,62,1,0,0,0,62,94,5,6,0,0,63,64,5,7,0,0,64,
        69,3,8,4,0,65,66,5,11,0,0,66,68,3,8,4,0,67,65,1,0,0,0,68,71,1,0,
        0,0,69,67,1,0,0,0,69,70,1,0,0,0,70,72,1,0,0,0,71,69,1,0,0,0,72,73,
        5,8,0,0,73,94,1,0,0,0,74,75,5,9,0,0,75,80,3,10,5,0,76,77,5,14,0,
        0,77,79,3,10,5,0,78,76,1,0,0,0,79,82,1,0,0,0,80,78,1,0,0,0,80,81,
        1,0,0,0,81,83,1,0,0,0,82,80,1,0,0,0,83,84,5,10,0,0,84,94,1,0,0,0,
        85,86,5,18,0,0,86,87,5,15,0,0,87,94,5,18,0,0,88,94,5,18,0,0,89,94,
        5,19,0,0,90,94,5,16,0,0,91,94,5,17,0,0,92,94,5,20,0,0,93,39,1,0,
        0,0,93,51,1,0,0,0,93,63,1,0,0,0,93,74,1,0,0,0,93,85,1,0,0,0,93,88,
        1,0,0,0,93,89,1,0,0,0,93,90,1,0,0,0,93,91,1,0,0,0,93,92,1,0,0,0,
        94,7,1,0,0,0,95,96,5,20,0,0,96,97,5,12,0,0,97,98,3,6,3,0,98,9,1,
        0,0,0,99,100,3,6,3,0,100,101,5,13,0,0,101,102,3,6,3,0,102,11,1,0,
        0,0,10,13,27,32,45,48,57,60,69,80,93
    ];

    private static __ATN: antlr.ATN;
    public static get _ATN(): antlr.ATN {
        if (!TlaValueParser.__ATN) {
            TlaValueParser.__ATN = new antlr.ATNDeserializer().deserialize(TlaValueParser._serializedATN);
        }

        return TlaValueParser.__ATN;
    }


    private static readonly vocabulary = new antlr.Vocabulary(TlaValueParser.literalNames, TlaValueParser.symbolicNames, []);

    public override get vocabulary(): antlr.Vocabulary {
        return TlaValueParser.vocabulary;
    }

    private static readonly decisionsToDFA = TlaValueParser._ATN.decisionToState.map( (ds: antlr.DecisionState, index: number) => new antlr.DFA(ds, index) );
}

export class AssignmentContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public IDENT(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.IDENT, 0)!;
    }
    public EQ(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.EQ, 0)!;
    }
    public value(): ValueContext {
        return this.getRuleContext(0, ValueContext)!;
    }
    public EOF(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.EOF, 0)!;
    }
    public CONJ(): antlr.TerminalNode | null {
        return this.getToken(TlaValueParser.CONJ, 0);
    }
    public override get ruleIndex(): number {
        return TlaValueParser.RULE_assignment;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterAssignment) {
             listener.enterAssignment(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitAssignment) {
             listener.exitAssignment(this);
        }
    }
}


export class ActionLabelContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public IDENT(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.IDENT, 0)!;
    }
    public EOF(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.EOF, 0)!;
    }
    public LPAREN(): antlr.TerminalNode | null {
        return this.getToken(TlaValueParser.LPAREN, 0);
    }
    public value(): ValueContext[];
    public value(i: number): ValueContext | null;
    public value(i?: number): ValueContext[] | ValueContext | null {
        if (i === undefined) {
            return this.getRuleContexts(ValueContext);
        }

        return this.getRuleContext(i, ValueContext);
    }
    public RPAREN(): antlr.TerminalNode | null {
        return this.getToken(TlaValueParser.RPAREN, 0);
    }
    public COMMA(): antlr.TerminalNode[];
    public COMMA(i: number): antlr.TerminalNode | null;
    public COMMA(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(TlaValueParser.COMMA);
    	} else {
    		return this.getToken(TlaValueParser.COMMA, i);
    	}
    }
    public override get ruleIndex(): number {
        return TlaValueParser.RULE_actionLabel;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterActionLabel) {
             listener.enterActionLabel(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitActionLabel) {
             listener.exitActionLabel(this);
        }
    }
}


export class SingleValueContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public value(): ValueContext {
        return this.getRuleContext(0, ValueContext)!;
    }
    public EOF(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.EOF, 0)!;
    }
    public override get ruleIndex(): number {
        return TlaValueParser.RULE_singleValue;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterSingleValue) {
             listener.enterSingleValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitSingleValue) {
             listener.exitSingleValue(this);
        }
    }
}


export class ValueContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public override get ruleIndex(): number {
        return TlaValueParser.RULE_value;
    }
    public override copyFrom(ctx: ValueContext): void {
        super.copyFrom(ctx);
    }
}
export class SetValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public LBRACE(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.LBRACE, 0)!;
    }
    public RBRACE(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.RBRACE, 0)!;
    }
    public value(): ValueContext[];
    public value(i: number): ValueContext | null;
    public value(i?: number): ValueContext[] | ValueContext | null {
        if (i === undefined) {
            return this.getRuleContexts(ValueContext);
        }

        return this.getRuleContext(i, ValueContext);
    }
    public COMMA(): antlr.TerminalNode[];
    public COMMA(i: number): antlr.TerminalNode | null;
    public COMMA(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(TlaValueParser.COMMA);
    	} else {
    		return this.getToken(TlaValueParser.COMMA, i);
    	}
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterSetValue) {
             listener.enterSetValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitSetValue) {
             listener.exitSetValue(this);
        }
    }
}
export class TupleValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public LTUPLE(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.LTUPLE, 0)!;
    }
    public RTUPLE(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.RTUPLE, 0)!;
    }
    public value(): ValueContext[];
    public value(i: number): ValueContext | null;
    public value(i?: number): ValueContext[] | ValueContext | null {
        if (i === undefined) {
            return this.getRuleContexts(ValueContext);
        }

        return this.getRuleContext(i, ValueContext);
    }
    public COMMA(): antlr.TerminalNode[];
    public COMMA(i: number): antlr.TerminalNode | null;
    public COMMA(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(TlaValueParser.COMMA);
    	} else {
    		return this.getToken(TlaValueParser.COMMA, i);
    	}
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterTupleValue) {
             listener.enterTupleValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitTupleValue) {
             listener.exitTupleValue(this);
        }
    }
}
export class RecordValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public LBRACKET(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.LBRACKET, 0)!;
    }
    public field(): FieldContext[];
    public field(i: number): FieldContext | null;
    public field(i?: number): FieldContext[] | FieldContext | null {
        if (i === undefined) {
            return this.getRuleContexts(FieldContext);
        }

        return this.getRuleContext(i, FieldContext);
    }
    public RBRACKET(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.RBRACKET, 0)!;
    }
    public COMMA(): antlr.TerminalNode[];
    public COMMA(i: number): antlr.TerminalNode | null;
    public COMMA(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(TlaValueParser.COMMA);
    	} else {
    		return this.getToken(TlaValueParser.COMMA, i);
    	}
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterRecordValue) {
             listener.enterRecordValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitRecordValue) {
             listener.exitRecordValue(this);
        }
    }
}
export class FunctionValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public LPAREN(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.LPAREN, 0)!;
    }
    public mapping(): MappingContext[];
    public mapping(i: number): MappingContext | null;
    public mapping(i?: number): MappingContext[] | MappingContext | null {
        if (i === undefined) {
            return this.getRuleContexts(MappingContext);
        }

        return this.getRuleContext(i, MappingContext);
    }
    public RPAREN(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.RPAREN, 0)!;
    }
    public ATAT(): antlr.TerminalNode[];
    public ATAT(i: number): antlr.TerminalNode | null;
    public ATAT(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(TlaValueParser.ATAT);
    	} else {
    		return this.getToken(TlaValueParser.ATAT, i);
    	}
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterFunctionValue) {
             listener.enterFunctionValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitFunctionValue) {
             listener.exitFunctionValue(this);
        }
    }
}
export class IntervalValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public INT(): antlr.TerminalNode[];
    public INT(i: number): antlr.TerminalNode | null;
    public INT(i?: number): antlr.TerminalNode | null | antlr.TerminalNode[] {
    	if (i === undefined) {
    		return this.getTokens(TlaValueParser.INT);
    	} else {
    		return this.getToken(TlaValueParser.INT, i);
    	}
    }
    public DOTDOT(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.DOTDOT, 0)!;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterIntervalValue) {
             listener.enterIntervalValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitIntervalValue) {
             listener.exitIntervalValue(this);
        }
    }
}
export class IntValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public INT(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.INT, 0)!;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterIntValue) {
             listener.enterIntValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitIntValue) {
             listener.exitIntValue(this);
        }
    }
}
export class StringValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public STRING(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.STRING, 0)!;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterStringValue) {
             listener.enterStringValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitStringValue) {
             listener.exitStringValue(this);
        }
    }
}
export class TrueValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public TRUE(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.TRUE, 0)!;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterTrueValue) {
             listener.enterTrueValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitTrueValue) {
             listener.exitTrueValue(this);
        }
    }
}
export class FalseValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public FALSE(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.FALSE, 0)!;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterFalseValue) {
             listener.enterFalseValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitFalseValue) {
             listener.exitFalseValue(this);
        }
    }
}
export class ModelValueContext extends ValueContext {
    public constructor(ctx: ValueContext) {
        super(ctx.parent, ctx.invokingState);
        super.copyFrom(ctx);
    }
    public IDENT(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.IDENT, 0)!;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterModelValue) {
             listener.enterModelValue(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitModelValue) {
             listener.exitModelValue(this);
        }
    }
}


export class FieldContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public IDENT(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.IDENT, 0)!;
    }
    public MAPSTO(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.MAPSTO, 0)!;
    }
    public value(): ValueContext {
        return this.getRuleContext(0, ValueContext)!;
    }
    public override get ruleIndex(): number {
        return TlaValueParser.RULE_field;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterField) {
             listener.enterField(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitField) {
             listener.exitField(this);
        }
    }
}


export class MappingContext extends antlr.ParserRuleContext {
    public constructor(parent: antlr.ParserRuleContext | null, invokingState: number) {
        super(parent, invokingState);
    }
    public value(): ValueContext[];
    public value(i: number): ValueContext | null;
    public value(i?: number): ValueContext[] | ValueContext | null {
        if (i === undefined) {
            return this.getRuleContexts(ValueContext);
        }

        return this.getRuleContext(i, ValueContext);
    }
    public COLONGT(): antlr.TerminalNode {
        return this.getToken(TlaValueParser.COLONGT, 0)!;
    }
    public override get ruleIndex(): number {
        return TlaValueParser.RULE_mapping;
    }
    public override enterRule(listener: TlaValueListener): void {
        if(listener.enterMapping) {
             listener.enterMapping(this);
        }
    }
    public override exitRule(listener: TlaValueListener): void {
        if(listener.exitMapping) {
             listener.exitMapping(this);
        }
    }
}
