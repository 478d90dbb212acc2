
import { ErrorNode, ParseTreeListener, ParserRuleContext, TerminalNode } from "antlr4ng";


import { AssignmentContext } from "./TlaValueParser.js";
import { ActionLabelContext } from "./TlaValueParser.js";
import { SingleValueContext } from "./TlaValueParser.js";
import { SetValueContext } from "./TlaValueParser.js";
import { TupleValueContext } from "./TlaValueParser.js";
import { RecordValueContext } from "./TlaValueParser.js";
import { FunctionValueContext } from "./TlaValueParser.js";
import { IntervalValueContext } from "./TlaValueParser.js";
import { IntValueContext } from "./TlaValueParser.js";
import { StringValueContext } from "./TlaValueParser.js";
import { TrueValueContext } from "./TlaValueParser.js";
import { FalseValueContext } from "./TlaValueParser.js";
import { ModelValueContext } from "./TlaValueParser.js";
import { FieldContext } from "./TlaValueParser.js";
import { MappingContext } from "./TlaValueParser.js";


/**
 * This interface defines a complete listener for a parse tree produced by
 * `TlaValueParser`.
 */
export class TlaValueListener implements ParseTreeListener {
    /**
     * Enter a parse tree produced by `TlaValueParser.assignment`.
     * @param ctx the parse tree
     */
    enterAssignment?: (ctx: AssignmentContext) => void;
    /**
     * Exit a parse tree produced by `TlaValueParser.assignment`.
     * @param ctx the parse tree
     */
    exitAssignment?: (ctx: AssignmentContext) => void;
    /**
     * Enter a parse tree produced by `TlaValueParser.actionLabel`.
     * @param ctx the parse tree
     */
    enterActionLabel?: (ctx: ActionLabelContext) => void;
    /**
     * Exit a parse tree produced by `TlaValueParser.actionLabel`.
     * @param ctx the parse tree
     */
    exitActionLabel?: (ctx: ActionLabelContext) => void;
    /**
     * Enter a parse tree produced by `TlaValueParser.singleValue`.
     * @param ctx the parse tree
     */
    enterSingleValue?: (ctx: SingleValueContext) => void;
    /**
     * Exit a parse tree produced by `TlaValueParser.singleValue`.
     * @param ctx the parse tree
     */
    exitSingleValue?: (ctx: SingleValueContext) => void;
    /**
     * Enter a parse tree produced by the `setValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterSetValue?: (ctx: SetValueContext) => void;
    /**
     * Exit a parse tree produced by the `setValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitSetValue?: (ctx: SetValueContext) => void;
    /**
     * Enter a parse tree produced by the `tupleValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterTupleValue?: (ctx: TupleValueContext) => void;
    /**
     * Exit a parse tree produced by the `tupleValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitTupleValue?: (ctx: TupleValueContext) => void;
    /**
     * Enter a parse tree produced by the `recordValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterRecordValue?: (ctx: RecordValueContext) => void;
    /**
     * Exit a parse tree produced by the `recordValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitRecordValue?: (ctx: RecordValueContext) => void;
    /**
     * Enter a parse tree produced by the `functionValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterFunctionValue?: (ctx: FunctionValueContext) => void;
    /**
     * Exit a parse tree produced by the `functionValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitFunctionValue?: (ctx: FunctionValueContext) => void;
    /**
     * Enter a parse tree produced by the `intervalValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterIntervalValue?: (ctx: IntervalValueContext) => void;
    /**
     * Exit a parse tree produced by the `intervalValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitIntervalValue?: (ctx: IntervalValueContext) => void;
    /**
     * Enter a parse tree produced by the `intValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterIntValue?: (ctx: IntValueContext) => void;
    /**
     * Exit a parse tree produced by the `intValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitIntValue?: (ctx: IntValueContext) => void;
    /**
     * Enter a parse tree produced by the `stringValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterStringValue?: (ctx: StringValueContext) => void;
    /**
     * Exit a parse tree produced by the `stringValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitStringValue?: (ctx: StringValueContext) => void;
    /**
     * Enter a parse tree produced by the `trueValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterTrueValue?: (ctx: TrueValueContext) => void;
    /**
     * Exit a parse tree produced by the `trueValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitTrueValue?: (ctx: TrueValueContext) => void;
    /**
     * Enter a parse tree produced by the `falseValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterFalseValue?: (ctx: FalseValueContext) => void;
    /**
     * Exit a parse tree produced by the `falseValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitFalseValue?: (ctx: FalseValueContext) => void;
    /**
     * Enter a parse tree produced by the `modelValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    enterModelValue?: (ctx: ModelValueContext) => void;
    /**
     * Exit a parse tree produced by the `modelValue`
     * labeled alternative in `TlaValueParser.value`.
     * @param ctx the parse tree
     */
    exitModelValue?: (ctx: ModelValueContext) => void;
    /**
     * Enter a parse tree produced by `TlaValueParser.field`.
     * @param ctx the parse tree
     */
    enterField?: (ctx: FieldContext) => void;
    /**
     * Exit a parse tree produced by `TlaValueParser.field`.
     * @param ctx the parse tree
     */
    exitField?: (ctx: FieldContext) => void;
    /**
     * Enter a parse tree produced by `TlaValueParser.mapping`.
     * @param ctx the parse tree
     */
    enterMapping?: (ctx: MappingContext) => void;
    /**
     * Exit a parse tree produced by `TlaValueParser.mapping`.
     * @param ctx the parse tree
     */
    exitMapping?: (ctx: MappingContext) => void;

    visitTerminal(node: TerminalNode): void {}
    visitErrorNode(node: ErrorNode): void {}
    enterEveryRule(node: ParserRuleContext): void {}
    exitEveryRule(node: ParserRuleContext): void {}
}

