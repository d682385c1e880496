package dev.authstash.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} and counts the SQL statements executed through it ({@code execute},
 * {@code executeQuery}, {@code executeUpdate}, {@code executeBatch}… on any statement of any connection).
 */
final class CountingDataSource {
    private final LongAdder statements = new LongAdder();
    private final DataSource proxy;

    CountingDataSource(DataSource target) {
        this.proxy = wrap(DataSource.class, target, this::wrapConnection);
    }

    DataSource dataSource() {
        return proxy;
    }

    long statements() {
        return statements.sum();
    }

    private Object wrapConnection(Object result) {
        return result instanceof Connection c ? wrap(Connection.class, c, this::wrapStatement) : result;
    }

    private Object wrapStatement(Object result) {
        if (!(result instanceof Statement s)) {
            return result;
        }
        Class<?> type = s instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                : s instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        return wrap(type, s, r -> r);
    }

    /** A proxy of {@code type} over {@code target} that passes every result through {@code next}. */
    private <T> T wrap(Class<T> type, Object target, java.util.function.UnaryOperator<Object> next) {
        InvocationHandler h = (p, m, args) -> {
            if (Statement.class.isAssignableFrom(type) && m.getName().startsWith("execute")) {
                statements.increment();
            }
            try {
                return next.apply(m.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }
}
