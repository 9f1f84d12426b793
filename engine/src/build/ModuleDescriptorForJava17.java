import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Marks the engine's compiled module descriptor as a Java 17 class file (major version 61) once it is compiled.
 *
 * <p>Why: the jar plugin checks a module descriptor with the jar tool of the JVM that runs Maven, which may be as
 * old as Java 17 (the code is compiled for Java 21 by the toolchain's JDK), and that jar tool refuses a Java 21
 * module-info.class. A module descriptor holds no code and uses nothing that changed after Java 9, so the same
 * bytes are a valid Java 17 class file. Run with {@code java ModuleDescriptorForJava17.java target/classes/module-info.class}.
 */
public final class ModuleDescriptorForJava17 {
    private static final int CAFEBABE = 0xCAFEBABE;
    private static final int JAVA_17 = 61;

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        if (!Files.exists(file)) {
            return; // nothing compiled (a build without a module descriptor)
        }
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < 8 || buffer.getInt(0) != CAFEBABE) {
            throw new IOException(file + " is not a class file");
        }
        int major = buffer.getShort(6) & 0xFFFF;
        if (major > JAVA_17) {
            buffer.putShort(4, (short) 0).putShort(6, (short) JAVA_17);
            Files.write(file, bytes);
        }
    }
}
