package io.pgcopy.arrow;

import io.pgcopy.values.SourceField;
import io.pgcopy.values.SourceType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Maps Arrow fields to the engine-neutral {@link SourceField}s the typed mapping plans with:
 * <ul>
 *   <li>Bool &rarr; BOOLEAN; Int 8/16/32/64 &rarr; BYTE/SHORT/INT/LONG (unsigned ones widen: UInt8
 *       &rarr; SHORT, UInt16 &rarr; INT, UInt32 &rarr; LONG, UInt64 &rarr; DECIMAL(20,0));</li>
 *   <li>FloatingPoint HALF/SINGLE &rarr; FLOAT, DOUBLE &rarr; DOUBLE; Decimal(p,s) (128 or 256
 *       bits) &rarr; DECIMAL(p,s);</li>
 *   <li>Utf8/LargeUtf8 &rarr; STRING; Binary/LargeBinary/FixedSizeBinary &rarr; BINARY;</li>
 *   <li>Date DAY/MILLISECOND &rarr; DATE; Time (any unit) &rarr; TIME in microseconds;
 *       Timestamp without zone &rarr; TIMESTAMP, with a zone &rarr; TIMESTAMP_LTZ (any unit,
 *       converted to microseconds; nanoseconds are truncated);</li>
 *   <li>Interval YEAR_MONTH &rarr; INTERVAL_YEAR_MONTH, DAY_TIME and MONTH_DAY_NANO &rarr;
 *       INTERVAL; Duration &rarr; INTERVAL_DAY_TIME;</li>
 *   <li>List/LargeList/FixedSizeList &rarr; ARRAY of the element's type (nested lists are
 *       multi-dimensional arrays).</li>
 * </ul>
 * Anything else (Struct, Map, Union, Null, dictionary-encoded and view fields) is an error that
 * names every such field. {@link ArrowRowValues} reads values in exactly these representations.
 */
public final class ArrowSchemas {
    private ArrowSchemas() {}

    /** The source fields of {@code schema}, in order. */
    public static List<SourceField> sourceFields(Schema schema) {
        List<SourceField> fields = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Field f : schema.getFields()) {
            try {
                fields.add(sourceField(f));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot write these Arrow fields to PostgreSQL:\n  "
                    + String.join("\n  ", problems));
        }
        return fields;
    }

    /** The source field of one Arrow field; its engine type is the Arrow type as text. */
    public static SourceField sourceField(Field field) {
        return new SourceField(field.getName(), sourceType(field), field.isNullable(), "Arrow " + field.getType());
    }

    /** The source type of an Arrow field. */
    public static SourceType sourceType(Field field) {
        if (field.getDictionary() != null) {
            throw new IllegalArgumentException("field \"" + field.getName() + "\" is dictionary-encoded; decode it first");
        }
        ArrowType t = field.getType();
        switch (t.getTypeID()) {
            case Bool:
                return SourceType.BOOLEAN;
            case Int: {
                ArrowType.Int i = (ArrowType.Int) t;
                if (i.getIsSigned()) {
                    switch (i.getBitWidth()) {
                        case 8: return SourceType.BYTE;
                        case 16: return SourceType.SHORT;
                        case 32: return SourceType.INT;
                        default: return SourceType.LONG;
                    }
                }
                switch (i.getBitWidth()) {
                    case 8: return SourceType.SHORT;
                    case 16: return SourceType.INT;
                    case 32: return SourceType.LONG;
                    default: return SourceType.decimal(20, 0);
                }
            }
            case FloatingPoint:
                return ((ArrowType.FloatingPoint) t).getPrecision() == FloatingPointPrecision.DOUBLE
                        ? SourceType.DOUBLE : SourceType.FLOAT;
            case Decimal: {
                ArrowType.Decimal d = (ArrowType.Decimal) t;
                return SourceType.decimal(d.getPrecision(), d.getScale());
            }
            case Utf8:
            case LargeUtf8:
                return SourceType.STRING;
            case Binary:
            case LargeBinary:
            case FixedSizeBinary:
                return SourceType.BINARY;
            case Date:
                return SourceType.DATE;
            case Time:
                return SourceType.TIME;
            case Timestamp:
                return ((ArrowType.Timestamp) t).getTimezone() == null ? SourceType.TIMESTAMP : SourceType.TIMESTAMP_LTZ;
            case Interval:
                switch (((ArrowType.Interval) t).getUnit()) {
                    case YEAR_MONTH: return SourceType.INTERVAL_YEAR_MONTH;
                    default: return SourceType.INTERVAL;
                }
            case Duration:
                return SourceType.INTERVAL_DAY_TIME;
            case List:
            case LargeList:
            case FixedSizeList: {
                Field element = field.getChildren().get(0);
                return SourceType.array(sourceType(element), element.isNullable());
            }
            default:
                throw new IllegalArgumentException("field \"" + field.getName() + "\" has the Arrow type " + t
                        + ", which pgcopy cannot write (supported: Bool, Int, FloatingPoint, Decimal, Utf8,"
                        + " LargeUtf8, Binary, LargeBinary, FixedSizeBinary, Date, Time, Timestamp, Interval,"
                        + " Duration and lists of these)");
        }
    }
}
