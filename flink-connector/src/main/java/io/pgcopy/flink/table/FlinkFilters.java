package io.pgcopy.flink.table;

import io.pgcopy.read.Predicate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Flink's resolved filter expressions as engine-neutral predicates: comparisons of a column with a
 * literal, IS [NOT] NULL, AND/OR/NOT, and LIKE patterns of the forms {@code 'abc%'},
 * {@code '%abc'} and {@code '%abc%'} (with an ESCAPE character, or without one when the pattern
 * has no backslash). Anything else (casts, functions, other patterns) stays with Flink.
 */
final class FlinkFilters {
    private FlinkFilters() {}

    static Optional<Predicate> toPredicate(ResolvedExpression e) {
        try {
            return Optional.of(convert(e));
        } catch (UnsupportedOperationException x) {
            return Optional.empty();
        }
    }

    private static Predicate convert(ResolvedExpression e) {
        if (!(e instanceof CallExpression call)) throw new UnsupportedOperationException();
        FunctionDefinition f = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (f == BuiltInFunctionDefinitions.AND) return new Predicate.And(convert(args.get(0)), convert(args.get(1)));
        if (f == BuiltInFunctionDefinitions.OR) return new Predicate.Or(convert(args.get(0)), convert(args.get(1)));
        if (f == BuiltInFunctionDefinitions.NOT) return new Predicate.Not(convert(args.get(0)));
        if (f == BuiltInFunctionDefinitions.IS_NULL) return new Predicate.IsNull(field(args.get(0)), false);
        if (f == BuiltInFunctionDefinitions.IS_NOT_NULL) return new Predicate.IsNull(field(args.get(0)), true);
        if (f == BuiltInFunctionDefinitions.LIKE) return like(args);
        Predicate.Op op = op(f);
        if (args.size() != 2) throw new UnsupportedOperationException();
        if (args.get(0) instanceof FieldReferenceExpression && args.get(1) instanceof ValueLiteralExpression) {
            return new Predicate.Compare(field(args.get(0)), op, value((ValueLiteralExpression) args.get(1)));
        }
        if (args.get(1) instanceof FieldReferenceExpression && args.get(0) instanceof ValueLiteralExpression) {
            return new Predicate.Compare(field(args.get(1)), flip(op), value((ValueLiteralExpression) args.get(0)));
        }
        throw new UnsupportedOperationException();
    }

    private static Predicate.Op op(FunctionDefinition f) {
        if (f == BuiltInFunctionDefinitions.EQUALS) return Predicate.Op.EQ;
        if (f == BuiltInFunctionDefinitions.NOT_EQUALS) return Predicate.Op.NE;
        if (f == BuiltInFunctionDefinitions.LESS_THAN) return Predicate.Op.LT;
        if (f == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL) return Predicate.Op.LE;
        if (f == BuiltInFunctionDefinitions.GREATER_THAN) return Predicate.Op.GT;
        if (f == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL) return Predicate.Op.GE;
        throw new UnsupportedOperationException();
    }

    private static Predicate.Op flip(Predicate.Op op) {
        return switch (op) {
            case LT -> Predicate.Op.GT;
            case LE -> Predicate.Op.GE;
            case GT -> Predicate.Op.LT;
            case GE -> Predicate.Op.LE;
            default -> op;
        };
    }

    /** A pattern with wildcards only at its ends becomes a prefix, suffix or substring match of plain text. */
    private static Predicate like(List<ResolvedExpression> args) {
        String column = field(args.get(0));
        if (!(args.get(1) instanceof ValueLiteralExpression p)) throw new UnsupportedOperationException();
        String pattern = p.getValueAs(String.class).orElseThrow(UnsupportedOperationException::new);
        Character escape = null;
        if (args.size() == 3) {
            if (!(args.get(2) instanceof ValueLiteralExpression x)) throw new UnsupportedOperationException();
            String e = x.getValueAs(String.class).orElseThrow(UnsupportedOperationException::new);
            if (e.length() != 1) throw new UnsupportedOperationException();
            escape = e.charAt(0);
        } else if (pattern.indexOf('\\') >= 0) {
            throw new UnsupportedOperationException(); // whether a backslash escapes here is Flink's business
        }
        boolean leading = pattern.startsWith("%");
        boolean trailing = pattern.length() > (leading ? 1 : 0) && pattern.endsWith("%")
                && !escapedAt(pattern, pattern.length() - 1, escape);
        String middle = pattern.substring(leading ? 1 : 0, pattern.length() - (trailing ? 1 : 0));
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < middle.length(); k++) {
            char ch = middle.charAt(k);
            if (escape != null && ch == escape) {
                if (++k == middle.length()) throw new UnsupportedOperationException();
                text.append(middle.charAt(k));
            } else if (ch == '%' || ch == '_') {
                throw new UnsupportedOperationException();
            } else {
                text.append(ch);
            }
        }
        if (!leading && !trailing) throw new UnsupportedOperationException(); // equality: Flink pushes '=' itself
        Predicate.Match match = leading && trailing ? Predicate.Match.CONTAINS
                : leading ? Predicate.Match.ENDS_WITH : Predicate.Match.STARTS_WITH;
        return new Predicate.StringMatch(column, match, text.toString());
    }

    /** Whether the character at {@code at} is escaped (preceded by an odd run of escape characters). */
    private static boolean escapedAt(String s, int at, Character escape) {
        if (escape == null) return false;
        int n = 0;
        for (int k = at - 1; k >= 0 && s.charAt(k) == escape; k--) n++;
        return n % 2 == 1;
    }

    private static String field(ResolvedExpression e) {
        if (!(e instanceof FieldReferenceExpression f)) throw new UnsupportedOperationException();
        return f.getName();
    }

    private static Object value(ValueLiteralExpression v) {
        LogicalType t = v.getOutputDataType().getLogicalType();
        Class<?> as = switch (t.getTypeRoot()) {
            case CHAR, VARCHAR -> String.class;
            case BOOLEAN -> Boolean.class;
            case TINYINT -> Byte.class;
            case SMALLINT -> Short.class;
            case INTEGER -> Integer.class;
            case BIGINT -> Long.class;
            case DECIMAL -> BigDecimal.class;
            case BINARY, VARBINARY -> byte[].class;
            case DATE -> LocalDate.class;
            case TIMESTAMP_WITHOUT_TIME_ZONE -> LocalDateTime.class;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> Instant.class;
            default -> throw new UnsupportedOperationException();
        };
        Object value = v.getValueAs(as).orElseThrow(UnsupportedOperationException::new);
        // PostgreSQL keeps microseconds: a literal with finer digits would be rounded there
        if (value instanceof LocalDateTime l && l.getNano() % 1000 != 0) throw new UnsupportedOperationException();
        if (value instanceof Instant i && i.getNano() % 1000 != 0) throw new UnsupportedOperationException();
        return value;
    }
}
