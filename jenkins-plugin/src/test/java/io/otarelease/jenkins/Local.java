package io.otarelease.jenkins;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support in place of a Jenkins runtime. Stub bodies throw, so nothing here calls a stub method: callables are
 * invoked directly on a local directory, after a Java serialization round trip like the one remoting makes.
 */
final class Local {
    private Local() {
    }

    /** Runs each callable on {@code dir} as an agent would receive it: serialized, then deserialized. */
    static final class Agent implements AgentRunner {
        final Path dir;
        final List<byte[]> sent = new ArrayList<>();
        Runnable beforeEach = () -> { };

        Agent(Path dir) {
            this.dir = dir;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T act(hudson.FilePath.FileCallable<T> callable) throws IOException, InterruptedException {
            beforeEach.run();
            byte[] wire = serialize(callable);
            sent.add(wire);
            hudson.FilePath.FileCallable<T> copy = (hudson.FilePath.FileCallable<T>) deserialize(wire);
            T result = copy.invoke(dir.toFile(), null);
            return (T) deserialize(serialize(result));
        }

        /** Everything sent to the agent, as text, to search for secrets. */
        String wireText() {
            StringBuilder sb = new StringBuilder();
            sent.forEach(b -> sb.append(new String(b, StandardCharsets.ISO_8859_1)));
            return sb.toString();
        }
    }

    static byte[] serialize(Object o) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Object deserialize(byte[] b) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An instance made without running any constructor. Descriptors extend stub classes whose constructors throw;
     * this is how the tests reach the descriptor methods the plugin itself defines.
     */
    @SuppressWarnings("unchecked")
    static <T> T withoutConstructor(Class<T> type) {
        try {
            Constructor<Object> objectCtor = Object.class.getDeclaredConstructor();
            Constructor<?> c = sun.reflect.ReflectionFactory.getReflectionFactory()
                    .newConstructorForSerialization(type, objectCtor);
            return (T) c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
