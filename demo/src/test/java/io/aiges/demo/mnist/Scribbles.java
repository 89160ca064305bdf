package io.aiges.demo.mnist;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * Random digit-like drawings: a few smooth pen strokes in a random part of a random canvas,
 * light on dark or dark on light, in random greys.
 */
final class Scribbles {

    private Scribbles() {
    }

    static BufferedImage draw(RandomGenerator random) {
        int width = 40 + random.nextInt(560);
        int height = 40 + random.nextInt(560);
        // The digit takes 30-90% of the shorter side, anywhere on the canvas.
        int size = (int) (Math.min(width, height) * (0.3 + 0.6 * random.nextDouble()));
        int left = random.nextInt(width - size + 1);
        int top = random.nextInt(height - size + 1);
        boolean darkPaper = random.nextBoolean();
        int paper = darkPaper ? random.nextInt(60) : 195 + random.nextInt(61);
        int ink = darkPaper ? 180 + random.nextInt(76) : random.nextInt(80);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(new Color(paper, paper, paper));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(ink, ink, ink));
        g.setStroke(new BasicStroke(Math.max(1.5f, size * (0.04f + 0.08f * random.nextFloat())),
                BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        int strokes = 1 + random.nextInt(3);
        for (int s = 0; s < strokes; s++) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(left + size * random.nextDouble(), top + size * random.nextDouble());
            int bends = 1 + random.nextInt(3);
            for (int b = 0; b < bends; b++) {
                path.quadTo(left + size * random.nextDouble(), top + size * random.nextDouble(),
                        left + size * random.nextDouble(), top + size * random.nextDouble());
            }
            g.draw(path);
        }
        g.dispose();
        return image;
    }
}
