package dev.authstash.spring;

import dev.authstash.Authstash;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * The Actuator health contributor {@code authstash} on Spring Boot 3 (3.5: {@code HealthIndicator} in
 * {@code org.springframework.boot.actuate.health}), the same report as Boot 4's {@link AuthstashHealthIndicator}.
 * The starter is compiled against Boot 4 only, so Boot 3's indicator is implemented through its interface found at
 * run time; the bean {@code authstashHealthIndicator} has that interface as its type, so Actuator finds it like any
 * other indicator, and an application bean of that name replaces it.
 */
@AutoConfiguration(after = AuthstashAutoConfiguration.class)
@ConditionalOnClass(name = AuthstashBoot3HealthAutoConfiguration.INDICATOR)
@ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Authstash.class)
@Import(AuthstashBoot3HealthAutoConfiguration.Registrar.class)
public class AuthstashBoot3HealthAutoConfiguration {
    static final String INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
    private static final String BEAN = "authstashHealthIndicator";

    /** Registers the indicator bean, typed by Boot 3's interface, unless the application has one of that name. */
    static final class Registrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {
        private BeanFactory beanFactory;

        @Override
        public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
            this.beanFactory = beanFactory;
        }

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            if (registry.containsBeanDefinition(BEAN)) {
                return;
            }
            Class<Object> type = indicatorType(beanFactory);
            registry.registerBeanDefinition(BEAN, new RootBeanDefinition(type,
                    () -> Indicator.create(type, beanFactory.getBean(Authstash.class))));
        }

        @SuppressWarnings("unchecked")
        private static Class<Object> indicatorType(BeanFactory beanFactory) {
            ClassLoader loader = beanFactory instanceof org.springframework.beans.factory.config.ConfigurableBeanFactory c
                    && c.getBeanClassLoader() != null ? c.getBeanClassLoader()
                    : AuthstashBoot3HealthAutoConfiguration.class.getClassLoader();
            try {
                return (Class<Object>) Class.forName(INDICATOR, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("authstash: " + INDICATOR + " vanished after the condition found it", e);
            }
        }
    }

    /** Boot 3's {@code HealthIndicator#health()} answered with {@code Health.status(s).withDetails(d).build()}. */
    static final class Indicator implements InvocationHandler {
        private final Authstash authstash;
        private final MethodHandle status;
        private final MethodHandle withDetails;
        private final MethodHandle build;

        private Indicator(Authstash authstash, Class<?> indicator) throws ReflectiveOperationException {
            this.authstash = authstash;
            ClassLoader loader = indicator.getClassLoader();
            Class<?> health = Class.forName("org.springframework.boot.actuate.health.Health", false, loader);
            Class<?> builder = Class.forName("org.springframework.boot.actuate.health.Health$Builder", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            this.status = lookup.findStatic(health, "status", MethodType.methodType(builder, String.class));
            this.withDetails = lookup.findVirtual(builder, "withDetails", MethodType.methodType(builder, Map.class));
            this.build = lookup.findVirtual(builder, "build", MethodType.methodType(health));
        }

        static Object create(Class<Object> indicator, Authstash authstash) {
            try {
                return Proxy.newProxyInstance(indicator.getClassLoader(), new Class<?>[] {indicator},
                        new Indicator(authstash, indicator));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("authstash: Spring Boot 3's Actuator health API is not the one of "
                        + "Boot 3.x (Health.status(String).withDetails(Map).build()): " + e, e);
            }
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "health":
                    if (method.getParameterCount() == 0) {
                        HealthReport report = HealthReport.of(authstash.health());
                        return build.invoke(withDetails.invoke(status.invoke(report.status()), report.details()));
                    }
                    break;
                case "toString":
                    return "authstash health indicator (Spring Boot 3)";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    break;
            }
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
    }
}
